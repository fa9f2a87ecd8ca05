using System.Globalization;
using System.Text.RegularExpressions;
using VrijwilligeOppas.Audit;

namespace VrijwilligeOppas.Gateway.Management;

/// <summary>
/// The message list's filters as typed into the form: every value is checked here, and a wrong one is named in a
/// sentence instead of reaching the store. The store gets only typed values, as parameters: no filter becomes SQL.
/// </summary>
public sealed partial class MessageFilter
{
    public static readonly IReadOnlyList<string> Operations = ["send", "delete", "consult", "testconnection"];

    public string? Ticket { get; set; }

    public string? Reference { get; set; }

    public string? Ondernemingsnummer { get; set; }

    public string? Erkenningsnummer { get; set; }

    public string? Operation { get; set; }

    public string? ReturnCode { get; set; }

    public string? ReasonCode { get; set; }

    /// <summary>yyyy-MM-dd or yyyy-MM-ddTHH:mm, UTC; inclusive.</summary>
    public string? From { get; set; }

    /// <summary>Exclusive; a date alone means the end of that day.</summary>
    public string? To { get; set; }

    /// <summary>The paging key of the previous page.</summary>
    public string? After { get; set; }

    /// <summary>The typed filter, or the problems, one sentence each.</summary>
    public (ValidFilter? Filter, IReadOnlyList<string> Problems) Validate(DateTimeOffset now)
    {
        var problems = new List<string>();
        var ticket = Clean(Ticket);
        if (ticket is not null && !TicketPattern().IsMatch(ticket))
        {
            problems.Add("Ticket: 1 to 64 letters, digits, '-' or '_' (the gateway's tickets are 32 hexadecimal digits).");
        }

        var reference = Clean(Reference);
        if (reference is { Length: > 256 })
        {
            problems.Add("Reference: at most 256 characters (a KSZ Reference is never longer).");
        }

        var ondernemingsnummer = Clean(Ondernemingsnummer)?.Replace(".", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (ondernemingsnummer is not null && !OndernemingsnummerPattern().IsMatch(ondernemingsnummer))
        {
            problems.Add("Ondernemingsnummer: 10 digits, e.g. 0212345678.");
        }

        int? erkenningsnummer = null;
        if (Clean(Erkenningsnummer) is { } erkenning)
        {
            if (int.TryParse(erkenning, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 999_999)
            {
                erkenningsnummer = number;
            }
            else
            {
                problems.Add("Erkenningsnummer: a positive whole number (the dienst's erkenningsnummer, 100 to 699).");
            }
        }

        var operation = Clean(Operation);
        if (operation is not null && !Operations.Contains(operation))
        {
            problems.Add("Operation: one of " + string.Join(", ", Operations) + ".");
        }

        int? returnCode = null;
        if (Clean(ReturnCode) is { } code)
        {
            if (int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value is 0 or 1 or 10000 or -1)
            {
                returnCode = value;
            }
            else
            {
                problems.Add("ReturnCode: 0, 1, 10000 or -1 (forwarded, outcome in a later record).");
            }
        }

        var reasonCode = Clean(ReasonCode)?.ToUpperInvariant();
        if (reasonCode is not null && !ReasonCodePattern().IsMatch(reasonCode))
        {
            problems.Add("ReasonCode: a ReasonCode name such as ONDERNEMINGSNUMMER_ONGELDIG (capital letters, digits and '_').");
        }

        var from = Date(From, "From", endOfDay: false, problems) ?? now.AddDays(-7);
        var to = Date(To, "To", endOfDay: true, problems) ?? now.AddMinutes(1);
        if (from >= to)
        {
            problems.Add("From must be before To.");
        }
        else if (to - from > TimeSpan.FromDays(3700))
        {
            problems.Add("The period may span at most ten years (the retention).");
        }

        var after = Clean(After);
        if (after is not null && !AuditCursor.TryParse(after, out _))
        {
            problems.Add("The paging key is not one this console gave: start again from the first page.");
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var query = new AuditQuery
        {
            From = from, To = to, Ticket = ticket, Ondernemingsnummer = ondernemingsnummer, Erkenningsnummer = erkenningsnummer,
            Operation = operation, ReturnCode = returnCode, ReasonCode = reasonCode, After = after,
        };
        return (new ValidFilter(query, reference), problems);
    }

    /// <summary>The filters as a query string for the next page's link (the after key added by the caller).</summary>
    public Dictionary<string, string?> RouteValues() => new()
    {
        ["Ticket"] = Clean(Ticket), ["Reference"] = Clean(Reference), ["Ondernemingsnummer"] = Clean(Ondernemingsnummer),
        ["Erkenningsnummer"] = Clean(Erkenningsnummer), ["Operation"] = Clean(Operation), ["ReturnCode"] = Clean(ReturnCode),
        ["ReasonCode"] = Clean(ReasonCode), ["From"] = Clean(From), ["To"] = Clean(To),
    };

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? Date(string? text, string name, bool endOfDay, List<string> problems)
    {
        if (Clean(text) is not { } value)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1) : start;
        }

        if (DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return new DateTimeOffset(instant, TimeSpan.Zero);
        }

        problems.Add($"{name}: a date as yyyy-MM-dd or a moment as yyyy-MM-ddTHH:mm (UTC).");
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex TicketPattern();

    [GeneratedRegex("^[0-9]{10}$")]
    private static partial Regex OndernemingsnummerPattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,63}$")]
    private static partial Regex ReasonCodePattern();
}

/// <summary>
/// A checked filter: the store's query, typed values only, and the Reference as typed, which the query holds only as
/// its keyed hash once the audit keys are at hand (<see cref="AuditQuery.WithReference"/>).
/// </summary>
public sealed record ValidFilter(AuditQuery Query, string? Reference)
{
    /// <summary>The filters without the Reference (free text that may hold an INSZ), for the plaintext part of the access's audit record.</summary>
    public string Describe() => string.Join(' ', new[]
    {
        Query.Ticket is null ? null : "ticket=" + Query.Ticket, Reference is null ? null : "reference=(given)", Query.Ondernemingsnummer is null ? null : "ondernemingsnummer=" + Query.Ondernemingsnummer,
        Query.Erkenningsnummer is null ? null : "erkenningsnummer=" + Query.Erkenningsnummer.Value.ToString(CultureInfo.InvariantCulture), Query.Operation is null ? null : "operation=" + Query.Operation,
        Query.ReturnCode is null ? null : "returncode=" + Query.ReturnCode.Value.ToString(CultureInfo.InvariantCulture), Query.ReasonCode is null ? null : "reasoncode=" + Query.ReasonCode,
        "from=" + Query.From.ToString("O", CultureInfo.InvariantCulture), "to=" + Query.To.ToString("O", CultureInfo.InvariantCulture), Query.After is null ? null : "page=next",
    }.OfType<string>());
}
