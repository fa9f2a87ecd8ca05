using System.Text;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// The one SQL text of an audit search, for both stores: fixed fragments chosen by which filters are set, every
/// value a parameter, so no value can ever become SQL. A ReasonCode search is driven by <c>audit_reason</c>, whose
/// key starts (reason_code, received_ms), so a rare code over ten years is an index range, not a scan; every other
/// filter rides on <c>audit_record</c>'s indexes (see the migrations). Keyset paging on (received_ms, instance, seq):
/// no OFFSET, so page 50 reads what page 1 reads.
/// </summary>
internal static class AuditSearchSql
{
    /// <param name="query">The filters, already validated.</param>
    /// <param name="parameter">The store's placeholder for the n-th parameter (0-based).</param>
    /// <param name="columns">The select list; "r" is the audit_record alias.</param>
    public static (string Sql, List<object> Values) Build(AuditQuery query, Func<int, string> parameter, string columns)
    {
        query.Validate();
        var values = new List<object>();
        string Add(object value)
        {
            values.Add(value);
            return parameter(values.Count - 1);
        }

        // The table whose (received_ms, instance, seq) drives the order: audit_reason for a ReasonCode search.
        var sql = new StringBuilder();
        var key = "r";
        if (query.ReasonCode is { } reason)
        {
            key = "a";
            sql.Append("SELECT ").Append(columns).Append(" FROM audit_reason a JOIN audit_record r ON r.instance = a.instance AND r.seq = a.seq WHERE a.reason_code = ").Append(Add(reason));
        }
        else
        {
            sql.Append("SELECT ").Append(columns).Append(" FROM audit_record r WHERE 1 = 1");
        }

        sql.Append(" AND ").Append(key).Append(".received_ms >= ").Append(Add(query.From.ToUnixTimeMilliseconds()));
        sql.Append(" AND ").Append(key).Append(".received_ms < ").Append(Add(query.To.ToUnixTimeMilliseconds()));
        Filter(sql, "r.ticket", query.Ticket, Add);
        Filter(sql, "r.reference_index", query.ReferenceIndex, Add);
        Filter(sql, "r.ondernemingsnummer", query.Ondernemingsnummer, Add);
        Filter(sql, "r.dienst", query.Erkenningsnummer, Add);
        Filter(sql, "r.operation", query.Operation, Add);
        Filter(sql, "r.return_code", query.ReturnCode, Add);
        if (query.SubjectIndex is { } subject)
        {
            // Driven by audit_subject: a person is named in few records, so those are found first and sorted.
            sql.Append(" AND (r.instance, r.seq) IN (SELECT s.instance, s.seq FROM audit_subject s WHERE s.blind_index = ").Append(Add(subject)).Append(')');
        }

        if (query.Cursor is { } after)
        {
            // The plain bound first: SQLite seeks an index with it, where it only filters with the row comparison.
            sql.Append(" AND ").Append(key).Append(".received_ms >= ").Append(Add(after.ReceivedMs));
            sql.Append(" AND (").Append(key).Append(".received_ms, ").Append(key).Append(".instance, ").Append(key).Append(".seq) > (")
                .Append(Add(after.ReceivedMs)).Append(", ").Append(Add(after.Instance)).Append(", ").Append(Add(after.Sequence)).Append(')');
        }

        // One more than asked: whether there is a next page, without counting.
        sql.Append(" ORDER BY ").Append(key).Append(".received_ms, ").Append(key).Append(".instance, ").Append(key).Append(".seq LIMIT ").Append(Add((long)query.Limit + 1));
        return (sql.ToString(), values);
    }

    /// <summary>The page, and the cursor after its last record when the store had one more.</summary>
    public static AuditPage Page(List<AuditRecord> records, int limit) =>
        records.Count > limit
            ? new AuditPage(records.GetRange(0, limit), AuditCursor.After(records[limit - 1]).ToString())
            : new AuditPage(records, null);

    private static void Filter(StringBuilder sql, string column, object? value, Func<object, string> add)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(column).Append(" = ").Append(add(value));
        }
    }
}
