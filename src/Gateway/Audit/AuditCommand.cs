using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
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
/// The command line is System.CommandLine's: <c>audit --help</c> and <c>audit &lt;command&gt; --help</c> describe it.
/// </summary>
internal static class AuditCommand
{
    /// <summary>The draaiboek's retention (§1.5): nothing younger is ever purged.</summary>
    public const int RetentionYears = 10;

    /// <summary>Runs <c>audit …</c> from the process's own arguments, with the gateway's configuration sources but none of its services.</summary>
    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, WebApplication.CreateBuilder(args).Configuration, TimeProvider.System, Console.Out, CancellationToken.None);

    /// <summary>Parses <paramref name="args"/> (<c>audit &lt;command&gt; [options]</c>) and runs the command, or prints its help.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IConfiguration configuration, TimeProvider clock, TextWriter output, CancellationToken cancellationToken)
    {
        // No response files: a value such as a Reference may start with '@', and is a value.
        var parsed = Commands(configuration, clock, output).Parse(args, new() { ResponseFileTokenReplacer = null });
        if (parsed.Action is ParseErrorAction)
        {
            return Fail(output, AuditCommandLine.Problem(parsed));
        }

        try
        {
            // Help and the commands write to the given output; an exception is ours to describe, in one line.
            return await parsed.InvokeAsync(new() { Output = output, Error = output, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellationToken);
        }
        catch (AuditUsageException ex)
        {
            return Fail(output, ex.Message);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or AuditUnavailableException or ValidationException or CertificateFileException or FormatException or CryptographicException or DbException or IOException or UnauthorizedAccessException)
        {
            // A missing or bad setting, or a store that cannot be opened: one line, no stack trace.
            return Fail(output, $"audit {parsed.CommandResult.Command.Name}: {ex.Message}");
        }
    }

    /// <summary>The command tree, its actions bound to the settings, clock and output given; each action reads only the settings it needs.</summary>
    private static Command Commands(IConfiguration configuration, TimeProvider clock, TextWriter output)
    {
        Command Bind(Command command, Func<AuditCommandContext, ParseResult, CancellationToken, Task<int>> run)
        {
            command.SetAction((parsed, cancellationToken) => run(AuditCommandContext.From(configuration), parsed, cancellationToken));
            return command;
        }

        return new Command("audit", "The operator's audit commands. Exit code 0 on success, 1 when verification finds a problem, 2 on bad usage or a missing or bad setting.")
        {
            new HelpOption(),
            Bind(new Command("verify", "Verify every chain, its checkpoints and purge markers against the configured certificates, and the witness."), (context, _, cancellationToken) => VerifyAsync(context, output, cancellationToken)),
            AuditSearchCommand.Create(configuration, clock, output),
            Bind(new Command("export", "Write the records of a period, decrypted, as JSON lines for the supervising committee, signed (.sig, .crt.pem) and, with a time-stamping authority, timestamped (.tsr).")
            {
                AuditCommandLine.Date("--from", "The first day (or instant) of the period.", required: true),
                AuditCommandLine.Date("--to", "The end of the period, exclusive.", required: true),
                AuditCommandLine.Text("--out", "The file to write; the signature and certificate are written beside it.", required: true),
            }, (context, parsed, cancellationToken) => ExportAsync(context, parsed.Instant("--from"), parsed.Instant("--to"), parsed.GetRequiredValue<string>("--out"), clock, output, cancellationToken)),
            Bind(new Command("purge", $"Remove the records received before a date at least {RetentionYears} years ago, leaving a signed purge marker.")
            {
                AuditCommandLine.Date("--before", $"Remove records received before this date; refused if it is less than {RetentionYears} years ago.", required: true),
            }, (context, parsed, cancellationToken) => PurgeAsync(context, parsed.Instant("--before"), clock, output, cancellationToken)),
        };
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

    private static int Fail(TextWriter output, string problem)
    {
        output.WriteLine(problem);
        return 2;
    }
}
