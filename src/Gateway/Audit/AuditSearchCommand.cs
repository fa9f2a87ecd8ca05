using System.CommandLine;
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
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The <c>search</c> command: its options, each checked by the parser, and its action.</summary>
    public static Command Create(IConfiguration configuration, TimeProvider clock, TextWriter output)
    {
        var command = new Command("search", "One page of the records matching the filters, as JSON lines; the search itself is recorded first. Without --insz no personal data is shown.")
        {
            AuditCommandLine.Text("--insz", "A person's INSZ: every record naming it, decrypted (an access request or a committee inquiry); needs --from and --to.",
                insz => Mapping.Identifiers.Insz.TryParse(insz, out _) ? null : "--insz must be an INSZ (11 digits with a valid check number)"),
            AuditCommandLine.Date("--from", "Records received at or after this date (yyyy-MM-dd) or instant; default: everything kept."),
            AuditCommandLine.Date("--to", "Records received before this date or instant (exclusive); default: tomorrow."),
            AuditCommandLine.Text("--ticket", "The gateway's ticket of one message."),
            AuditCommandLine.Text("--reference", "The OCMW's own reference of a message (found by its keyed hash).",
                reference => reference.Length > 256 || reference.Any(char.IsControl) ? "--reference must be at most 256 characters, without control characters" : null),
            AuditCommandLine.Text("--ondernemingsnummer", "The OCMW's enterprise number (10 digits)."),
            AuditCommandLine.Number("--erkenningsnummer", "The dienst's recognition number."),
            AuditCommandLine.Text("--operation", "One of " + string.Join(", ", AuditQuery.Operations) + "."),
            AuditCommandLine.Number("--return-code", "The return code of the answer."),
            AuditCommandLine.Text("--reason-code", "A reason code of the message or of one of its items."),
            AuditCommandLine.Text("--after", "The cursor the previous page printed after 'more: repeat with --after'."),
            AuditCommandLine.Number("--limit", string.Create(CultureInfo.InvariantCulture, $"Records a page (default {AuditQuery.DefaultLimit})."), 1, AuditQuery.MaxLimit),
            AuditCommandLine.Text("--operator", "Who searches, as the search's own record names them; default: the operating-system account.",
                name => name.Length > 100 || name.Any(char.IsControl) ? "--operator must be at most 100 characters, without control characters" : null),
        };

        // The INSZ search keeps the period it always required.
        command.Validators.Add(result =>
        {
            var missing = result.GetResult("--from") is null ? "--from" : result.GetResult("--to") is null ? "--to" : null;
            if (result.GetResult("--insz") is not null && missing is not null)
            {
                result.AddError($"{missing} is required with --insz");
            }
        });
        command.SetAction((parsed, cancellationToken) => RunAsync(AuditCommandContext.From(configuration), parsed, clock, output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(AuditCommandContext context, ParseResult arguments, TimeProvider clock, TextWriter output, CancellationToken cancellationToken)
    {
        var (query, insz, reference) = Parse(arguments, clock);
        var who = $"{arguments.GetValue<string>("--operator") ?? Environment.UserName}@{Environment.MachineName}";
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

    /// <summary>The query the parsed arguments ask for, or one line saying why no record can match it.</summary>
    /// <exception cref="AuditUsageException">A combination of values no record can have.</exception>
    private static (AuditQuery Query, string? Insz, string? Reference) Parse(ParseResult arguments, TimeProvider clock)
    {
        var query = new AuditQuery
        {
            // An operator's search defaults to everything kept.
            From = arguments.GetValue<DateTimeOffset?>("--from") ?? DateTimeOffset.UnixEpoch,
            To = arguments.GetValue<DateTimeOffset?>("--to") ?? clock.GetUtcNow().AddDays(1),
            Ticket = arguments.GetValue<string>("--ticket"),
            Ondernemingsnummer = arguments.GetValue<string>("--ondernemingsnummer"),
            Erkenningsnummer = arguments.GetValue<int?>("--erkenningsnummer"),
            Operation = arguments.GetValue<string>("--operation"),
            ReturnCode = arguments.GetValue<int?>("--return-code"),
            ReasonCode = arguments.GetValue<string>("--reason-code"),
            After = arguments.GetValue<string>("--after"),
            Limit = arguments.GetValue<int?>("--limit") ?? AuditQuery.DefaultLimit,
        };
        if (query.Problem() is { } problem)
        {
            throw new AuditUsageException("audit search: " + OptionNames(problem));
        }

        return (query, arguments.GetValue<string>("--insz"), arguments.GetValue<string>("--reference"));
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
}

/// <summary>A bad argument of an audit command: one line, exit code 2, no usage text after it.</summary>
internal sealed class AuditUsageException(string message) : Exception(message);
