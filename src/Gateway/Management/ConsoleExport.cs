using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Gateway.Trust;

namespace VrijwilligeOppas.Gateway.Management;

/// <summary>
/// The consultant's signed export for the committee, in the form of <c>audit export</c> (its <see cref="AuditCommand.Readable"/> records): JSON lines (a header, then
/// each record decrypted), a detached RSA-SHA256 signature by the gateway's signing certificate and that
/// certificate, here packed in one zip: <c>export.jsonl</c>, <c>export.jsonl.sig</c>, <c>export.jsonl.crt.pem</c>.
/// </summary>
internal sealed class ConsoleExport(IAuditStore store, AuditKeys keys, GatewayCertificates certificates, TimeProvider clock)
{
    public async Task<(byte[] Zip, int Records)> CreateAsync(string insz, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in store.ReadAsync(from, to, keys.BlindIndex(insz), cancellationToken))
        {
            records.Add(record);
        }

        var answered = records.Where(r => r.Stage == AuditStage.Outcome).Select(r => r.Ticket).ToHashSet(StringComparer.Ordinal);
        var lines = new StringBuilder();
        lines.Append(JsonSerializer.Serialize(new { export = "vo-audit-v1", from, to, created = clock.GetUtcNow(), subject = "one person (consultant's export from the management console)" })).Append('\n');
        foreach (var record in records)
        {
            lines.Append(JsonSerializer.Serialize(AuditCommand.Readable(record, keys, record.Stage != AuditStage.Forwarding ? null : answered.Contains(record.Ticket) ? "in the outcome record" : "unknown"))).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(lines.ToString());
        byte[] signature;
        using (var key = certificates.Signing.GetRSAPrivateKey()!)
        {
            signature = key.SignData(bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await Add(archive, "export.jsonl", bytes, cancellationToken);
            await Add(archive, "export.jsonl.sig", signature, cancellationToken);
            await Add(archive, "export.jsonl.crt.pem", Encoding.ASCII.GetBytes(certificates.Signing.ExportCertificatePem()), cancellationToken);
        }

        return (zip.ToArray(), records.Count);
    }

    private static async Task Add(ZipArchive archive, string name, byte[] content, CancellationToken cancellationToken)
    {
        await using var entry = await archive.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        await entry.WriteAsync(content, cancellationToken);
    }
}
