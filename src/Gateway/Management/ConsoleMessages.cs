using System.Buffers.Binary;
using System.Text;
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

    public async Task<(IReadOnlyList<ConsoleRecord> Records, string? Next)> ListAsync(ValidFilter filter, int limit, CancellationToken cancellationToken)
    {
        var after = filter.After is null ? null : PagingKey.Parse(filter.After);
        var records = new List<ConsoleRecord>(limit);
        await foreach (var record in store.ReadAsync(filter.From, filter.To, null, cancellationToken))
        {
            if (after is not null && !after.IsBefore(record))
            {
                continue;
            }

            // The console's own accesses are in the audit log too, but they are not messages.
            var view = View(record);
            if (!IsConsoleAccess(record) && Matches(filter, view))
            {
                if (records.Count == limit)
                {
                    return (records, PagingKey.After(records[^1].Record).ToString());
                }

                records.Add(view);
            }
        }

        return (records, null);
    }

    /// <summary>Every record of one ticket: the forwarding record and the outcome, in chain order.</summary>
    public async Task<IReadOnlyList<ConsoleRecord>> TicketAsync(string ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (from, to) = TicketPeriod(ticket, now);
        var (records, _) = await ListAsync(new ValidFilter(ticket, null, null, null, null, null, null, from, to, null), 100, cancellationToken);
        return records;
    }

    /// <summary>The consultant's question: every record in the period naming this INSZ as user or subject.</summary>
    public async Task<IReadOnlyList<PersonRecord>> PersonAsync(string insz, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        var found = new List<PersonRecord>();
        await foreach (var record in store.ReadAsync(from, to, keys.BlindIndex(insz), cancellationToken))
        {
            var personal = Personal(record);
            found.Add(new PersonRecord(View(record), string.Equals(personal.User, insz.Trim(), StringComparison.Ordinal) ? "user (staff member)" : "subject"));
            if (found.Count == limit)
            {
                break;
            }
        }

        return found;
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

    private static bool Matches(ValidFilter filter, ConsoleRecord view) =>
        (filter.Ticket is null || view.Record.Ticket == filter.Ticket)
        && (filter.Reference is null || view.Reference == filter.Reference)
        && (filter.Ondernemingsnummer is null || view.Record.Ondernemingsnummer == filter.Ondernemingsnummer)
        && (filter.Erkenningsnummer is null || view.Record.Dienst == filter.Erkenningsnummer)
        && (filter.Operation is null || view.Record.Operation == filter.Operation)
        && (filter.ReturnCode is null || view.Record.ReturnCode == filter.ReturnCode)
        && (filter.ReasonCode is null || view.Record.ReasonCode == filter.ReasonCode);

    private static ConsoleRecord View(AuditRecord record) => new(record, record.Reference);

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

/// <summary>A position in (received, instance, sequence) order, opaque to the browser.</summary>
internal sealed record PagingKey(long ReceivedMs, string Instance, long Sequence)
{
    public static PagingKey After(AuditRecord record) => new(record.Received.ToUnixTimeMilliseconds(), record.Instance, record.Sequence);

    public bool IsBefore(AuditRecord record) =>
        (ReceivedMs, string.CompareOrdinal(Instance, record.Instance), Sequence) switch
        {
            var (ms, _, _) when ms != record.Received.ToUnixTimeMilliseconds() => ms < record.Received.ToUnixTimeMilliseconds(),
            (_, var c, _) when c != 0 => c < 0,
            _ => Sequence < record.Sequence,
        };

    public static bool TryParse(string text, out PagingKey key)
    {
        key = null!;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4))).Split('|');
            if (parts.Length == 3 && long.TryParse(parts[0], out var ms) && long.TryParse(parts[2], out var seq) && parts[1].Length > 0 && seq > 0)
            {
                key = new PagingKey(ms, parts[1], seq);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }

    public static PagingKey Parse(string text) => TryParse(text, out var key) ? key : throw new ArgumentException("not a paging key");

    public override string ToString() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{ReceivedMs}|{Instance}|{Sequence}"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
