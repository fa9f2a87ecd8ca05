using System.Buffers.Binary;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Mapping.Diagnostics;

namespace VrijwilligeOppas.Gateway.Management;

/// <summary>
/// What the console reads of the audit log: records as the helpdesk may see them (no INSZ: the personal part is
/// decrypted only for the Reference), and, for the security consultant, every record naming one person.
/// </summary>
internal sealed class ConsoleMessages(IAuditStore store, AuditKeys keys)
{
    private static readonly Dictionary<string, string> Diagnostics =
        ReasonCatalog.All.ToDictionary(ReasonCatalog.Name, ReasonCatalog.Diagnostic, StringComparer.Ordinal);

    /// <summary>The Dutch diagnostic of a ReasonCode name, or null for the audit-only ones (a client that went away).</summary>
    public static string? Diagnostic(string? reasonCode) => reasonCode is not null && Diagnostics.TryGetValue(reasonCode, out var text) ? text : null;

    /// <summary>
    /// One page of the store's indexed search (<see cref="IAuditStore.SearchAsync"/>, keyset paging): the Reference is
    /// matched by its keyed hash, every other filter as a typed parameter. The console's own access records are in
    /// the log too but are not messages, so they are left out of the page (which may then be shorter).
    /// </summary>
    public async Task<(IReadOnlyList<ConsoleRecord> Records, string? Next)> ListAsync(ValidFilter filter, int limit, CancellationToken cancellationToken)
    {
        var query = Query(filter, limit);
        if (query.Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        var page = await store.SearchAsync(query, cancellationToken);
        return ([.. page.Records.Where(r => !IsConsoleAccess(r)).Select(View)], page.NextCursor);
    }

    /// <summary>What the store would refuse in this filter, in its own sentence; null when nothing.</summary>
    public string? Problem(ValidFilter filter, int limit) => Query(filter, limit).Problem();

    private AuditQuery Query(ValidFilter filter, int limit)
    {
        var query = filter.Query with { Limit = limit };
        return filter.Reference is null ? query : query.WithReference(filter.Reference, keys);
    }

    /// <summary>Every record of one ticket: the forwarding record and the outcome, in chain order.</summary>
    public async Task<IReadOnlyList<ConsoleRecord>> TicketAsync(string ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (from, to) = TicketPeriod(ticket, now);
        var (records, _) = await ListAsync(new ValidFilter(new AuditQuery { From = from, To = to, Ticket = ticket }, null), 100, cancellationToken);
        return records;
    }

    /// <summary>The consultant's question: every record in the period naming this INSZ as user or subject (their own earlier searches included).</summary>
    public async Task<IReadOnlyList<PersonRecord>> PersonAsync(string insz, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        var page = await store.SearchAsync(new AuditQuery { From = from, To = to, Limit = limit }.WithInsz(insz, keys), cancellationToken);
        return [.. page.Records.Select(record => new PersonRecord(View(record), string.Equals(Personal(record).User, insz, StringComparison.Ordinal) ? "user (staff member)" : "subject"))];
    }

    /// <summary>A gateway ticket is a version 7 UUID: its first 48 bits are the moment it was made, so one day either side finds it fast.</summary>
    private static (DateTimeOffset From, DateTimeOffset To) TicketPeriod(string ticket, DateTimeOffset now)
    {
        if (Guid.TryParseExact(ticket, "N", out var guid) && guid.Version == 7)
        {
            Span<byte> bytes = stackalloc byte[16];
            guid.TryWriteBytes(bytes, bigEndian: true, out _);
            var ms = (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
            var made = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return (made.AddDays(-1), made.AddDays(1));
        }

        return (now.AddYears(-10), now.AddMinutes(1));
    }

    private static bool IsConsoleAccess(AuditRecord record) => record.Operation?.StartsWith("console.", StringComparison.Ordinal) == true;

    /// <summary>The Reference is personal data kept encrypted from record format 2 on; it is decrypted for display, the INSZ beside it is not shown.</summary>
    private ConsoleRecord View(AuditRecord record) => new(record, record.Reference ?? Personal(record).Reference);

    private PersonalData Personal(AuditRecord record) =>
        keys.Unprotect(record.KeyId, record.Personal, AuditRecord.AssociatedData(record.Instance, record.Sequence, record.Ticket));
}

/// <summary>A record as the console shows it: its plaintext facts and the Reference; never the INSZ of the personal part.</summary>
internal sealed record ConsoleRecord(AuditRecord Record, string? Reference)
{
    public bool IsForwarding => Record.Stage == AuditStage.Forwarding;

    public string? Diagnostic => ConsoleMessages.Diagnostic(Record.ReasonCode);

    public string Outcome => IsForwarding ? "forwarded to the central service" : Record.ReturnCode switch
    {
        0 => "processed",
        1 => "processed with refused items",
        10000 => "refused",
        _ => Record.ReturnCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A record that names the person searched for, and in which capacity.</summary>
internal sealed record PersonRecord(ConsoleRecord Message, string Capacity);
