using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Trust;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>
/// The operator's audit commands, run as <c>VrijwilligeOppas.Gateway audit &lt;command&gt;</c> with the gateway's own
/// configuration: <c>verify</c>, <c>search --insz … --from … --to …</c>, <c>export --from … --to … --out …</c> and
/// <c>purge --before …</c>. Exit code 0 on success, 1 when verification finds a problem, 2 on bad usage.
/// </summary>
internal static class AuditCommand
{
    /// <summary>The draaiboek's retention (§1.5): nothing younger is ever purged.</summary>
    public const int RetentionYears = 10;

    public static async Task<int> RunAsync(string command, IReadOnlyDictionary<string, string> arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IAuditStore>();
        await store.MigrateAsync(cancellationToken);
        var clock = services.GetRequiredService<TimeProvider>();
        try
        {
            return command switch
            {
                "verify" => await VerifyAsync(store, output, cancellationToken),
                "search" => await SearchAsync(store, services.GetRequiredService<AuditKeys>(), Required(arguments, "insz"), Date(arguments, "from"), Date(arguments, "to"), output, cancellationToken),
                "export" => await ExportAsync(store, services.GetRequiredService<AuditKeys>(), services.GetRequiredService<GatewayCertificates>(), Date(arguments, "from"), Date(arguments, "to"), Required(arguments, "out"), clock, output, cancellationToken),
                "purge" => await PurgeAsync(store, Date(arguments, "before"), clock, output, cancellationToken),
                _ => Usage(output, $"unknown audit command '{command}'"),
            };
        }
        catch (ArgumentException ex)
        {
            return Usage(output, ex.Message);
        }
    }

    private static async Task<int> VerifyAsync(IAuditStore store, TextWriter output, CancellationToken cancellationToken)
    {
        var verification = await AuditVerifier.VerifyAsync(store, cancellationToken);
        foreach (var chain in verification.Chains)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"chain {chain.Instance}: records {chain.FirstSequence}..{chain.LastSequence} ({chain.Records}), last checkpoint {chain.CheckpointSequence?.ToString(CultureInfo.InvariantCulture) ?? "none"}: {(chain.Problems.Count == 0 ? "intact" : "BROKEN")}"));
            foreach (var problem in chain.Problems)
            {
                await output.WriteLineAsync("  " + problem);
            }
        }

        await output.WriteLineAsync(verification.IsIntact ? "audit log intact" : "AUDIT LOG NOT INTACT");
        return verification.IsIntact ? 0 : 1;
    }

    /// <summary>For a data subject's access request or a committee inquiry: every record naming this INSZ, decrypted.</summary>
    private static async Task<int> SearchAsync(IAuditStore store, AuditKeys keys, string insz, DateTimeOffset from, DateTimeOffset to, TextWriter output, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var record in store.ReadAsync(from, to, keys.BlindIndex(insz), cancellationToken))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(Readable(record, keys)));
            count++;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{count} record(s)"));
        return 0;
    }

    /// <summary>
    /// A file for the supervising committee: the records of the period, decrypted, as JSON lines, and beside it a
    /// detached RSA-SHA256 signature by the gateway's certificate (<c>.sig</c>, with the certificate in <c>.crt.pem</c>).
    /// </summary>
    private static async Task<int> ExportAsync(IAuditStore store, AuditKeys keys, GatewayCertificates certificates, DateTimeOffset from, DateTimeOffset to, string path, TimeProvider clock, TextWriter output, CancellationToken cancellationToken)
    {
        var count = 0;
        await using (var file = new StreamWriter(path))
        {
            await file.WriteLineAsync(JsonSerializer.Serialize(new { export = "vo-audit-v1", from, to, created = clock.GetUtcNow() }));
            await foreach (var record in store.ReadAsync(from, to, null, cancellationToken))
            {
                await file.WriteLineAsync(JsonSerializer.Serialize(Readable(record, keys)));
                count++;
            }
        }

        using var key = certificates.Signing.GetRSAPrivateKey()!;
        await File.WriteAllBytesAsync(path + ".sig", key.SignData(await File.ReadAllBytesAsync(path, cancellationToken), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), cancellationToken);
        await File.WriteAllTextAsync(path + ".crt.pem", certificates.Signing.ExportCertificatePem(), cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{count} record(s) exported to {path}, signature {path}.sig (openssl dgst -sha256 -verify <(openssl x509 -in {path}.crt.pem -pubkey -noout) -signature {path}.sig {path})"));
        return 0;
    }

    private static async Task<int> PurgeAsync(IAuditStore store, DateTimeOffset before, TimeProvider clock, TextWriter output, CancellationToken cancellationToken)
    {
        var limit = clock.GetUtcNow().AddYears(-RetentionYears);
        if (before > limit)
        {
            await output.WriteLineAsync($"refused: records must be kept {RetentionYears} years; the latest allowed --before is {limit:yyyy-MM-dd}");
            return 2;
        }

        var removed = await store.PurgeAsync(before, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{removed} record(s) received before {before:yyyy-MM-dd} removed"));
        return 0;
    }

    private static object Readable(AuditRecord record, AuditKeys keys)
    {
        var personal = keys.Unprotect(record.KeyId, record.Personal, AuditRecord.AssociatedData(record.Instance, record.Sequence, record.Ticket));
        return new
        {
            record.Instance, record.Sequence, record.Received, record.Answered, record.Ticket, record.Reference, record.Operation,
            record.Ondernemingsnummer, record.Dienst, personal.User, personal.Subjects, record.ReturnCode, record.ReasonCode,
            record.ItemsAccepted, record.ItemsRefused, record.CallerCertificate, record.CallerAddress, Hash = Convert.ToHexString(record.Hash),
        };
    }

    private static string Required(IReadOnlyDictionary<string, string> arguments, string name) =>
        arguments.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{name} is required");

    private static DateTimeOffset Date(IReadOnlyDictionary<string, string> arguments, string name) =>
        DateTimeOffset.TryParse(Required(arguments, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new ArgumentException($"--{name} must be a date (yyyy-MM-dd) or an instant");

    private static int Usage(TextWriter output, string problem)
    {
        output.WriteLine(problem);
        output.WriteLine("usage: audit verify | audit search --insz INSZ --from DATE --to DATE | audit export --from DATE --to DATE --out FILE | audit purge --before DATE");
        return 2;
    }
}
