using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// One page of an audit search: records received in [<see cref="From"/>, <see cref="To"/>) that match every filter
/// given, in (received, instance, sequence) order, after <see cref="After"/>. Personal data is never searched in
/// clear: <see cref="ReferenceIndex"/> and <see cref="SubjectIndex"/> are keyed hashes made with the audit keys
/// (<see cref="WithReference"/>, <see cref="WithInsz"/>). <see cref="Validate"/> says, in one sentence, what is wrong.
/// </summary>
public sealed partial record AuditQuery
{
    public const int MaxLimit = 500;

    public const int DefaultLimit = 100;

    /// <summary>The operations a record can name: the four KSZ services the gateway answers, the audit's own search and the console's accesses.</summary>
    public static readonly IReadOnlyList<string> Operations = ["send", "delete", "consult", "testconnection", AuditSearchOperation, ConsoleView, ConsoleSearch, ConsolePersonSearch, ConsoleExport];

    public const string ConsoleView = "console.view";
    public const string ConsoleSearch = "console.search";
    public const string ConsolePersonSearch = "console.insz-search";
    public const string ConsoleExport = "console.export";

    /// <summary>The operation of the record an audit search leaves of itself.</summary>
    public const string AuditSearchOperation = "audit-search";

    /// <summary>Inclusive.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Exclusive.</summary>
    public required DateTimeOffset To { get; init; }

    public string? Ticket { get; init; }

    /// <summary>The keyed hash of the OCMW's Reference (<see cref="AuditKeys.ReferenceIndex"/>); the reference itself is stored only encrypted.</summary>
    public string? ReferenceIndex { get; init; }

    /// <summary>The blind index of an INSZ (<see cref="AuditKeys.BlindIndex"/>): the user or any subject of the record.</summary>
    public string? SubjectIndex { get; init; }

    public string? Ondernemingsnummer { get; init; }

    /// <summary>The dienst's erkenningsnummer (<see cref="AuditFacts.Dienst"/>).</summary>
    public int? Erkenningsnummer { get; init; }

    public string? Operation { get; init; }

    public int? ReturnCode { get; init; }

    /// <summary>The whole message's ReasonCode or that of any of its items.</summary>
    public string? ReasonCode { get; init; }

    /// <summary>The <see cref="AuditPage.NextCursor"/> of the previous page; null for the first.</summary>
    public string? After { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    public AuditQuery WithReference(string reference, AuditKeys keys) => this with { ReferenceIndex = keys.ReferenceIndex(reference) };

    public AuditQuery WithInsz(string insz, AuditKeys keys) => this with { SubjectIndex = keys.BlindIndex(insz) };

    /// <summary>The decoded <see cref="After"/>; null on the first page.</summary>
    public AuditCursor? Cursor => After is null ? null : AuditCursor.Parse(After);

    /// <exception cref="ArgumentException">A filter has a value no record can have, or the period or page is wrong; the message names it.</exception>
    public void Validate()
    {
        if (Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }

    /// <summary>What is wrong with this query, in one sentence, or null.</summary>
    public string? Problem()
    {
        if (From >= To)
        {
            return "From must be before To (To is exclusive)";
        }

        if (Limit is < 1 or > MaxLimit)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Limit must be between 1 and {MaxLimit}");
        }

        if (Ticket is not null && !TicketPattern().IsMatch(Ticket))
        {
            return "Ticket must be 1 to 64 letters, digits, '-' or '_'";
        }

        if (ReferenceIndex is not null && !IndexPattern().IsMatch(ReferenceIndex))
        {
            return "ReferenceIndex must be a keyed hash (64 hexadecimal characters) made with the audit index key";
        }

        if (SubjectIndex is not null && !IndexPattern().IsMatch(SubjectIndex))
        {
            return "SubjectIndex must be a blind index (64 hexadecimal characters) made with the audit index key";
        }

        if (Ondernemingsnummer is not null && !OndernemingsnummerPattern().IsMatch(Ondernemingsnummer))
        {
            return "Ondernemingsnummer must be 10 digits";
        }

        if (Erkenningsnummer is <= 0)
        {
            return "Erkenningsnummer must be a positive number";
        }

        if (Operation is not null && !Operations.Contains(Operation))
        {
            return "Operation must be one of " + string.Join(", ", Operations);
        }

        if (ReturnCode is not null && ReturnCode is not (AuditEntry.NoReturnCode or 0 or 1 or 10000))
        {
            return "ReturnCode must be 0, 1, 10000 or -1 (forwarded, outcome in a later record)";
        }

        if (ReasonCode is not null && !ReasonCodePattern().IsMatch(ReasonCode))
        {
            return "ReasonCode must be a ReasonCode name: capital letters, digits and '_', at most 64";
        }

        if (After is not null && !AuditCursor.TryParse(After, out _))
        {
            return "After must be the cursor a previous page returned";
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex TicketPattern();

    [GeneratedRegex("^[0-9A-F]{64}$")]
    private static partial Regex IndexPattern();

    [GeneratedRegex("^[0-9]{10}$")]
    private static partial Regex OndernemingsnummerPattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,63}$")]
    private static partial Regex ReasonCodePattern();
}

/// <summary>One page of matches, and the cursor of the next page when there may be one.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, string? NextCursor);

/// <summary>
/// A position in (received, instance, sequence) order: keyset paging, so page 50 costs what page 1 costs and a
/// record appended meanwhile neither repeats nor hides another. Opaque to callers: base64url of its parts.
/// </summary>
public sealed record AuditCursor(long ReceivedMs, string Instance, long Sequence)
{
    private const byte Version = 1;

    public static AuditCursor After(AuditRecord record) => new(record.Received.ToUnixTimeMilliseconds(), record.Instance, record.Sequence);

    public static bool TryParse(string text, out AuditCursor cursor)
    {
        cursor = null!;
        if (text.Length is 0 or > 400)
        {
            return false;
        }

        try
        {
            var bytes = Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4));
            if (bytes.Length < 17 || bytes[0] != Version)
            {
                return false;
            }

            var instance = new UTF8Encoding(false, true).GetString(bytes, 17, bytes.Length - 17);
            cursor = new AuditCursor(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1)), instance, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(9)));
            return instance.Length > 0 && cursor.Sequence > 0;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <exception cref="ArgumentException">Not a cursor a page returned.</exception>
    public static AuditCursor Parse(string text) =>
        TryParse(text, out var cursor) ? cursor : throw new ArgumentException("After must be the cursor a previous page returned");

    public override string ToString()
    {
        var instance = Encoding.UTF8.GetBytes(Instance);
        var bytes = new byte[17 + instance.Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), ReceivedMs);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(9), Sequence);
        instance.CopyTo(bytes, 17);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
