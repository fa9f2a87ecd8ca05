using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Trust;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>
/// The operator's audit commands, run as <c>VrijwilligeOppas.Gateway audit &lt;command&gt;</c>: <c>verify</c>,
/// <c>search --insz … --from … --to …</c>, <c>export --from … --to … --out …</c> and <c>purge --before …</c>. They
/// read only the <c>Audit</c> section (with <c>Gateway:Mode</c> and <c>Gateway:DataDirectory</c>), and export and
/// purge, which sign, the gateway's signing certificate: no callers, central service or TLS settings. Exit code 0
/// on success, 1 when verification finds a problem, 2 on bad usage or a missing or bad setting (one line says which).
/// </summary>
internal static class AuditCommand
{
    /// <summary>The draaiboek's retention (§1.5): nothing younger is ever purged.</summary>
    public const int RetentionYears = 10;

    private const string Usage = "usage: audit verify | audit search [--ticket T] [--reference R] [--ondernemingsnummer N] [--erkenningsnummer N] [--operation O] [--return-code C] [--reason-code C] [--from DATE] [--to DATE] [--after CURSOR] [--limit 1..500] [--operator NAME] | audit search --insz INSZ --from DATE --to DATE [filters] | audit export --from DATE --to DATE --out FILE | audit purge --before DATE";

    /// <summary>Runs <c>audit …</c> from the process's own arguments, with the gateway's configuration sources but none of its services.</summary>
    public static Task<int> RunAsync(string[] args)
    {
        var configuration = WebApplication.CreateBuilder(args).Configuration;
        var arguments = args.Skip(2).Chunk(2).Where(pair => pair is [['-', '-', ..], _]).ToDictionary(pair => pair[0][2..], pair => pair[1]);
        return RunAsync(args[1], arguments, configuration, TimeProvider.System, Console.Out, CancellationToken.None);
    }

    public static async Task<int> RunAsync(string command, IReadOnlyDictionary<string, string> arguments, IConfiguration configuration, TimeProvider clock, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            var context = AuditCommandContext.From(configuration);
            return command switch
            {
                "verify" => await VerifyAsync(context, output, cancellationToken),
                "search" => await AuditSearchCommand.RunAsync(context, arguments, clock, output, cancellationToken),
                "export" => await ExportAsync(context, Date(arguments, "from"), Date(arguments, "to"), Required(arguments, "out"), clock, output, cancellationToken),
                "purge" => await PurgeAsync(context, Date(arguments, "before"), clock, output, cancellationToken),
                _ => Fail(output, $"unknown audit command '{command}'", usage: true),
            };
        }
        catch (AuditUsageException ex)
        {
            return Fail(output, ex.Message, usage: false);
        }
        catch (ArgumentException ex)
        {
            return Fail(output, ex.Message, usage: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or AuditUnavailableException or ValidationException or CertificateFileException or FormatException or CryptographicException or DbException or IOException or UnauthorizedAccessException)
        {
            // A missing or bad setting, or a store that cannot be opened: one line, no stack trace.
            return Fail(output, $"audit {command}: {ex.Message}", usage: false);
        }
    }

    private static async Task<int> VerifyAsync(AuditCommandContext context, TextWriter output, CancellationToken cancellationToken)
    {
        var (store, trust) = (await context.OpenStoreAsync(cancellationToken), context.Trust());
        if (trust.CheckpointCertificates.Count == 0)
        {
            throw new InvalidOperationException($"{AuditOptions.Section}:{nameof(AuditOptions.CheckpointCertificatePaths)} lists no certificate: checkpoints cannot be verified against anything");
        }

        var verification = await AuditVerifier.VerifyAsync(store, trust, cancellationToken);
        foreach (var problem in verification.WitnessProblems)
        {
            await output.WriteLineAsync("witness: " + problem);
        }

        foreach (var chain in verification.Chains)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"chain {chain.Instance}: records {chain.FirstSequence}..{chain.LastSequence} ({chain.Records}), purged up to {Number(chain.PurgedThrough)}, last checkpoint {Number(chain.CheckpointSequence)}, witnessed up to {(trust.Witness is null ? "(no witness configured)" : Number(chain.WitnessedSequence))}: {(chain.Problems.Count == 0 ? "intact" : "BROKEN")}"));
            foreach (var problem in chain.Problems)
            {
                await output.WriteLineAsync("  " + problem);
            }

            foreach (var warning in chain.Warnings)
            {
                await output.WriteLineAsync("  warning: " + warning);
            }

            if (chain.OutcomeUnknown.Count > 0)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  outcome unknown: {chain.OutcomeUnknown.Count} message(s) forwarded to the central service without an outcome record (in flight, or the gateway stopped before answering): {string.Join(' ', chain.OutcomeUnknown)}"));
            }
        }

        await output.WriteLineAsync(verification.IsIntact ? "audit log intact" : "AUDIT LOG NOT INTACT");
        return verification.IsIntact ? 0 : 1;
    }

    /// <summary>
    /// A file for the supervising committee: the records of the period, decrypted, as JSON lines, and beside it a
    /// detached RSA-SHA256 signature by the gateway's certificate (<c>.sig</c>, with the certificate in <c>.crt.pem</c>)
    /// and, with a time-stamping authority configured, its RFC 3161 timestamp (<c>.tsr</c>).
    /// </summary>
    private static async Task<int> ExportAsync(AuditCommandContext context, DateTimeOffset from, DateTimeOffset to, string path, TimeProvider clock, TextWriter output, CancellationToken cancellationToken)
    {
        var (store, keys, signing) = (await context.OpenStoreAsync(cancellationToken), context.Keys(), context.SigningCertificate("export"));
        var records = new List<AuditRecord>();
        await foreach (var record in store.ReadAsync(from, to, null, cancellationToken))
        {
            records.Add(record);
        }

        var answered = records.Where(r => r.Stage == AuditStage.Outcome).Select(r => r.Ticket).ToHashSet(StringComparer.Ordinal);
        await using (var file = new StreamWriter(path))
        {
            await file.WriteLineAsync(JsonSerializer.Serialize(new { export = "vo-audit-v1", from, to, created = clock.GetUtcNow() }));
            foreach (var record in records)
            {
                await file.WriteLineAsync(JsonSerializer.Serialize(Readable(record, keys, Outcome(record, answered))));
            }
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        using (var key = signing.GetRSAPrivateKey()!)
        {
            await File.WriteAllBytesAsync(path + ".sig", key.SignData(bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), cancellationToken);
        }

        await File.WriteAllTextAsync(path + ".crt.pem", signing.ExportCertificatePem(), cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{records.Count} record(s) exported to {path}, signature {path}.sig (openssl dgst -sha256 -verify <(openssl x509 -in {path}.crt.pem -pubkey -noout) -signature {path}.sig {path})"));
        if (context.Audit.TimestampAuthorityUrl is { Length: > 0 } tsa)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await File.WriteAllBytesAsync(path + ".tsr", await AuditTimestamps.RequestAsync(http, new Uri(tsa), bytes, cancellationToken), cancellationToken);
            await output.WriteLineAsync($"timestamp {path}.tsr (openssl ts -verify -token_in -in {path}.tsr -data {path} -CAfile TSA-CERTIFICATE)");
        }

        return 0;
    }

    /// <summary>
    /// Removes, chain by chain, the longest head of records all received before the date, and leaves a signed
    /// marker (in the store and the witness) saying up to where: the shortened chain still verifies, and nothing
    /// else may be missing.
    /// </summary>
    private static async Task<int> PurgeAsync(AuditCommandContext context, DateTimeOffset before, TimeProvider clock, TextWriter output, CancellationToken cancellationToken)
    {
        var limit = clock.GetUtcNow().AddYears(-RetentionYears);
        if (before > limit)
        {
            await output.WriteLineAsync($"refused: records must be kept {RetentionYears} years; the latest allowed --before is {limit:yyyy-MM-dd}");
            return 2;
        }

        var (store, signing, witness) = (await context.OpenStoreAsync(cancellationToken), context.SigningCertificate("purge"), context.Trust().Witness);
        var removed = 0;
        foreach (var instance in await store.InstancesAsync(cancellationToken))
        {
            if (await store.PurgeBoundaryAsync(instance, before, cancellationToken) is not { } boundary)
            {
                continue;
            }

            var marker = AuditCheckpoints.SignPurge(instance, boundary.Sequence, boundary.Hash, before, clock.GetUtcNow(), signing);
            removed += await store.PurgeAsync(marker, cancellationToken);
            if (witness is not null)
            {
                await witness.AppendAsync(marker, cancellationToken);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"chain {instance}: purged up to record {boundary.Sequence}, signed purge marker left"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{removed} record(s) received before {before:yyyy-MM-dd} removed"));
        return 0;
    }

    private static string? Outcome(AuditRecord record, HashSet<string> answered) =>
        record.Stage != AuditStage.Forwarding ? null : answered.Contains(record.Ticket) ? "in the outcome record" : "unknown";

    /// <summary>A record with its personal part decrypted; <paramref name="outcome"/> says, for a forwarding record, whether its outcome was recorded.</summary>
    public static object Readable(AuditRecord record, AuditKeys keys, string? outcome)
    {
        var personal = keys.Unprotect(record.KeyId, record.Personal, AuditRecord.AssociatedData(record.Instance, record.Sequence, record.Ticket));
        var forwarding = record.Stage == AuditStage.Forwarding;
        return new
        {
            record.Instance, record.Sequence, Stage = AuditRecord.StageName(record.Stage),
            Outcome = outcome,
            record.Received, record.Answered, record.Ticket, Reference = record.Reference ?? personal.Reference, record.Operation,
            record.Ondernemingsnummer, record.Dienst, personal.User, personal.Subjects, ReturnCode = forwarding ? (int?)null : record.ReturnCode, record.ReasonCode,
            ItemReasonCodes = record.ItemReasonCodes.Count == 0 ? null : record.ItemReasonCodes,
            record.ItemsAccepted, record.ItemsRefused, record.CallerCertificate, record.CallerAddress, record.Details, Hash = Convert.ToHexString(record.Hash),
        };
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static string Required(IReadOnlyDictionary<string, string> arguments, string name) =>
        arguments.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{name} is required");

    private static DateTimeOffset Date(IReadOnlyDictionary<string, string> arguments, string name) =>
        DateTimeOffset.TryParse(Required(arguments, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new ArgumentException($"--{name} must be a date (yyyy-MM-dd) or an instant");

    private static int Fail(TextWriter output, string problem, bool usage)
    {
        output.WriteLine(problem);
        if (usage)
        {
            output.WriteLine(Usage);
        }

        return 2;
    }
}
