using System.Data.Common;

namespace VrijwilligeOppas.Audit;

/// <summary>The column order of <c>audit_record</c>, shared by the stores.</summary>
internal static class AuditRows
{
    public const string Columns = "instance, seq, received_ms, answered_ms, ticket, reference, operation, ondernemingsnummer, dienst, return_code, reason_code, items_accepted, items_refused, caller_certificate, caller_address, key_id, personal, previous_hash, hash, stage, format, reference_index, item_reason_codes, details";

    /// <summary>How many columns <see cref="Columns"/> names.</summary>
    public const int Count = 24;

    /// <summary><see cref="Columns"/> qualified with the table alias "r", for queries that join.</summary>
    public static readonly string Qualified = string.Join(", ", Columns.Split(", ").Select(c => "r." + c));

    public static object?[] Values(AuditRecord r) =>
    [
        r.Instance, r.Sequence, r.Received.ToUnixTimeMilliseconds(), r.Answered.ToUnixTimeMilliseconds(), r.Ticket, r.Reference,
        r.Operation, r.Ondernemingsnummer, r.Dienst, r.ReturnCode, r.ReasonCode, r.ItemsAccepted, r.ItemsRefused,
        r.CallerCertificate, r.CallerAddress, r.KeyId, r.Personal, r.PreviousHash, r.Hash, AuditRecord.StageName(r.Stage),
        r.Format, r.ReferenceIndex, r.ItemReasonCodes.Count == 0 ? null : string.Join(' ', r.ItemReasonCodes), r.Details,
    ];

    /// <summary>Every ReasonCode a record can be found by: the whole message's and its items', distinct.</summary>
    public static IEnumerable<string> ReasonCodes(AuditRecord r) =>
        (r.ReasonCode is null ? r.ItemReasonCodes : r.ItemReasonCodes.Append(r.ReasonCode)).Distinct(StringComparer.Ordinal);

    public static AuditRecord Read(DbDataReader reader, IReadOnlyList<string> subjectIndexes) => new()
    {
        Instance = reader.GetString(0),
        Sequence = reader.GetInt64(1),
        Received = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
        Answered = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        Ticket = reader.GetString(4),
        Reference = Text(reader, 5),
        Operation = Text(reader, 6),
        Ondernemingsnummer = Text(reader, 7),
        Dienst = reader.IsDBNull(8) ? null : reader.GetInt32(8),
        ReturnCode = reader.GetInt32(9),
        ReasonCode = Text(reader, 10),
        ItemsAccepted = reader.GetInt32(11),
        ItemsRefused = reader.GetInt32(12),
        CallerCertificate = Text(reader, 13),
        CallerAddress = Text(reader, 14),
        KeyId = reader.GetString(15),
        Personal = (byte[])reader[16],
        PreviousHash = (byte[])reader[17],
        Hash = (byte[])reader[18],
        Stage = AuditRecord.ParseStage(reader.GetString(19)),
        Format = reader.GetInt32(20),
        ReferenceIndex = Text(reader, 21),
        ItemReasonCodes = Text(reader, 22)?.Split(' ') ?? [],
        Details = Text(reader, 23),
        SubjectIndexes = subjectIndexes,
    };

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
