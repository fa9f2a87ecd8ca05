using System.Globalization;
using System.Text.Json;
using VrijwilligeOppas.Audit;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>
/// <c>audit search</c>: one page of records matching the filters, as JSON lines. Two acts: without <c>--insz</c> an
/// operator's search of the plaintext facts (no INSZ, no Reference is shown, nothing is decrypted); with
/// <c>--insz</c>, as before this command had filters, a data subject's access request or a committee inquiry: every
/// record naming that INSZ, decrypted, and <c>--from</c> and <c>--to</c> are required. Either way the search is
/// itself recorded — who, when, which filters, how many records — in the chain <c>{Audit:Instance}/commands</c>
/// before anything is shown; a search that cannot be recorded shows nothing. The searched INSZ and Reference are
/// in that record only encrypted (with their keyed hashes), so the search record is found by them too.
/// </summary>
internal static class AuditSearchCommand
{
    /// <summary>Every option the search takes; anything else is a typo, said as such.</summary>
    public static readonly IReadOnlyList<string> Options =
        ["insz", "from", "to", "ticket", "reference", "ondernemingsnummer", "erkenningsnummer", "operation", "return-code", "reason-code", "after", "limit", "operator"];

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static async Task<int> RunAsync(AuditCommandContext context, IReadOnlyDictionary<string, string> arguments, TimeProvider clock, TextWriter output, CancellationToken cancellationToken)
    {
        var (query, insz, reference) = Parse(arguments, clock);
        var who = Operator(arguments);
        var (store, keys) = (await context.OpenStoreAsync(cancellationToken), context.Keys());
        if (reference is not null)
        {
            query = query.WithReference(reference, keys);
            await store.IndexLegacyReferencesAsync(keys.ReferenceIndex, cancellationToken);
        }

        if (insz is not null)
        {
            query = query.WithInsz(insz, keys);
        }

        var page = await store.SearchAsync(query, cancellationToken);

        // A format 1 record's Reference is in plaintext and its keyed hash is not in its chain hash: only a match of
        // the plaintext itself counts, so an altered index cannot put another record in the answer.
        var records = page.Records.Where(r => reference is null || r.Format != 1 || r.Reference == reference).ToList();
        await RecordAsync(context, store, keys, query, insz, reference, who, records.Count, clock, cancellationToken);

        foreach (var record in records)
        {
            var outcome = record.Stage == AuditStage.Forwarding ? await OutcomeAsync(store, record, records, cancellationToken) : null;
            await output.WriteLineAsync(JsonSerializer.Serialize(insz is null ? Facts(record, outcome) : AuditCommand.Readable(record, keys, outcome)));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{records.Count} record(s)"));
        if (page.NextCursor is { } next)
        {
            await output.WriteLineAsync($"more: repeat with --after {next}");
        }

        return 0;
    }

    /// <summary>The query the arguments ask for, or one line saying which argument is wrong.</summary>
    /// <exception cref="AuditUsageException">An unknown option, a missing one, or a value no record can have.</exception>
    public static (AuditQuery Query, string? Insz, string? Reference) Parse(IReadOnlyDictionary<string, string> arguments, TimeProvider clock)
    {
        if (arguments.Keys.FirstOrDefault(k => !Options.Contains(k)) is { } unknown)
        {
            throw new AuditUsageException($"audit search: unknown option --{unknown} (options: {string.Join(' ', Options.Select(o => "--" + o))})");
        }

        var insz = Text(arguments, "insz");
        if (insz is not null && !Mapping.Identifiers.Insz.TryParse(insz, out _))
        {
            throw new AuditUsageException("audit search: --insz must be an INSZ (11 digits with a valid check number)");
        }

        // The INSZ search keeps the period it always required; an operator's search defaults to everything kept.
        var from = Date(arguments, "from", required: insz is not null) ?? DateTimeOffset.UnixEpoch;
        var to = Date(arguments, "to", required: insz is not null) ?? clock.GetUtcNow().AddDays(1);
        var reference = Text(arguments, "reference");
        if (reference is { Length: > 256 } || reference?.Any(char.IsControl) == true)
        {
            throw new AuditUsageException("audit search: --reference must be at most 256 characters, without control characters");
        }

        var query = new AuditQuery
        {
            From = from,
            To = to,
            Ticket = Text(arguments, "ticket"),
            Ondernemingsnummer = Text(arguments, "ondernemingsnummer"),
            Erkenningsnummer = Number(arguments, "erkenningsnummer"),
            Operation = Text(arguments, "operation"),
            ReturnCode = Number(arguments, "return-code"),
            ReasonCode = Text(arguments, "reason-code"),
            After = Text(arguments, "after"),
            Limit = Number(arguments, "limit") ?? AuditQuery.DefaultLimit,
        };
        if (query.Problem() is { } problem)
        {
            throw new AuditUsageException("audit search: " + OptionNames(problem));
        }

        return (query, insz, reference);
    }

    /// <summary>Who searched: <c>--operator</c>, else the operating-system account running the command, and where.</summary>
    private static string Operator(IReadOnlyDictionary<string, string> arguments)
    {
        var name = Text(arguments, "operator") ?? Environment.UserName;
        if (name.Length > 100 || name.Any(char.IsControl))
        {
            throw new AuditUsageException("audit search: --operator must be at most 100 characters, without control characters");
        }

        return $"{name}@{Environment.MachineName}";
    }

    private static async Task RecordAsync(AuditCommandContext context, IAuditStore store, AuditKeys keys, AuditQuery query, string? insz, string? reference, string who, int found, TimeProvider clock, CancellationToken cancellationToken)
    {
        var details = JsonSerializer.Serialize(new
        {
            command = insz is null ? "search" : "search --insz",
            @operator = who,
            from = query.From,
            to = query.To,
            ticket = query.Ticket,
            reference = reference is null ? null : "(encrypted in this record)",
            insz = insz is null ? null : "(encrypted in this record)",
            ondernemingsnummer = query.Ondernemingsnummer,
            erkenningsnummer = query.Erkenningsnummer,
            operation = query.Operation,
            returnCode = query.ReturnCode,
            reasonCode = query.ReasonCode,
            after = query.After,
            limit = query.Limit,
            records = found,
        }, Json);
        var now = clock.GetUtcNow();
        await AuditCommandChain.AppendAsync(context, store, keys, new AuditEntry
        {
            Received = now,
            Answered = now,
            Ticket = Ticket.New(clock),
            Reference = reference,
            Operation = AuditQuery.AuditSearchOperation,
            Subjects = insz is null ? [] : [insz],
            ReturnCode = 0,
            Details = details,
        }, cancellationToken);
    }

    /// <summary>Whether a forwarded message's outcome was recorded: on this page, or found by its ticket.</summary>
    private static async Task<string> OutcomeAsync(IAuditStore store, AuditRecord forwarding, List<AuditRecord> page, CancellationToken cancellationToken)
    {
        if (page.Any(r => r.Stage == AuditStage.Outcome && r.Ticket == forwarding.Ticket))
        {
            return "in the outcome record";
        }

        // Both records of a message carry the time it was received.
        var outcome = await store.SearchAsync(new AuditQuery { From = forwarding.Received, To = forwarding.Received.AddMilliseconds(1), Ticket = forwarding.Ticket, Limit = AuditQuery.MaxLimit }, cancellationToken);
        return outcome.Records.Any(r => r.Stage == AuditStage.Outcome) ? "in the outcome record" : "unknown";
    }

    /// <summary>A record without its personal part: what an operator's search shows.</summary>
    private static object Facts(AuditRecord record, string? outcome) => new
    {
        record.Instance, record.Sequence, Stage = AuditRecord.StageName(record.Stage), Outcome = outcome,
        record.Received, record.Answered, record.Ticket, record.Operation, record.Ondernemingsnummer, record.Dienst,
        ReturnCode = record.Stage == AuditStage.Forwarding ? (int?)null : record.ReturnCode, record.ReasonCode,
        ItemReasonCodes = record.ItemReasonCodes.Count == 0 ? null : record.ItemReasonCodes, record.ItemsAccepted, record.ItemsRefused,
        record.CallerCertificate, record.CallerAddress, record.Details, Hash = Convert.ToHexString(record.Hash),
    };

    /// <summary>The query's property names as the options that set them.</summary>
    private static string OptionNames(string problem) => problem
        .Replace("From must be before To (To is exclusive)", "--from must be before --to (--to is exclusive)", StringComparison.Ordinal)
        .Replace("ReturnCode ", "--return-code ", StringComparison.Ordinal)
        .Replace("ReasonCode ", "--reason-code ", StringComparison.Ordinal)
        .Replace("Ondernemingsnummer ", "--ondernemingsnummer ", StringComparison.Ordinal)
        .Replace("Erkenningsnummer ", "--erkenningsnummer ", StringComparison.Ordinal)
        .Replace("Operation ", "--operation ", StringComparison.Ordinal)
        .Replace("Ticket ", "--ticket ", StringComparison.Ordinal)
        .Replace("After ", "--after ", StringComparison.Ordinal)
        .Replace("Limit ", "--limit ", StringComparison.Ordinal);

    private static string? Text(IReadOnlyDictionary<string, string> arguments, string name) =>
        arguments.TryGetValue(name, out var value) ? (value.Length > 0 ? value : throw new AuditUsageException($"audit search: --{name} needs a value")) : null;

    private static int? Number(IReadOnlyDictionary<string, string> arguments, string name) =>
        Text(arguments, name) is not { } text ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw new AuditUsageException($"audit search: --{name} must be a whole number");

    private static DateTimeOffset? Date(IReadOnlyDictionary<string, string> arguments, string name, bool required) =>
        Text(arguments, name) is not { } text
            ? (required ? throw new AuditUsageException($"audit search: --{name} is required with --insz") : null)
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value
            : throw new AuditUsageException($"audit search: --{name} must be a date (yyyy-MM-dd) or an instant");
}

/// <summary>A bad argument of an audit command: one line, exit code 2, no usage text after it.</summary>
internal sealed class AuditUsageException(string message) : Exception(message);
