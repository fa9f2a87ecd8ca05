namespace VrijwilligeOppas.Audit;

/// <summary>Schema steps both stores share (the SQL is the same in SQLite and PostgreSQL).</summary>
internal static class AuditSchema
{
    /// <summary>
    /// Issue 15, searching ten years: the record format, the Reference's keyed hash, the items' ReasonCodes and a
    /// command's details; <c>audit_reason</c>, every ReasonCode of a record keyed by (code, received) so a rare code is
    /// an index range; and one index per searchable column ending in (received_ms, instance, seq), the paging order,
    /// so a filter with a period reads only its page. Existing records are format 1 and their whole-message ReasonCode
    /// is copied into <c>audit_reason</c> (a search table, not part of any hash).
    /// </summary>
    public const string SearchMigration =
        """
        ALTER TABLE audit_record ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE audit_record ADD COLUMN reference_index TEXT;
        ALTER TABLE audit_record ADD COLUMN item_reason_codes TEXT;
        ALTER TABLE audit_record ADD COLUMN details TEXT;
        CREATE TABLE audit_reason (
            reason_code TEXT NOT NULL, received_ms BIGINT NOT NULL, instance TEXT NOT NULL, seq BIGINT NOT NULL,
            PRIMARY KEY (reason_code, received_ms, instance, seq));
        CREATE INDEX audit_reason_record ON audit_reason (instance, seq);
        INSERT INTO audit_reason (reason_code, received_ms, instance, seq) SELECT reason_code, received_ms, instance, seq FROM audit_record WHERE reason_code IS NOT NULL;
        DROP INDEX audit_record_received;
        CREATE INDEX audit_record_received ON audit_record (received_ms, instance, seq);
        CREATE INDEX audit_record_ticket ON audit_record (ticket);
        CREATE INDEX audit_record_reference ON audit_record (reference_index);
        CREATE INDEX audit_record_ondernemingsnummer ON audit_record (ondernemingsnummer, received_ms, instance, seq);
        CREATE INDEX audit_record_dienst ON audit_record (dienst, received_ms, instance, seq);
        CREATE INDEX audit_record_operation ON audit_record (operation, received_ms, instance, seq);
        CREATE INDEX audit_record_return_code ON audit_record (return_code, received_ms, instance, seq);
        CREATE INDEX audit_record_legacy_reference ON audit_record (instance, seq) WHERE format = 1 AND reference IS NOT NULL AND reference_index IS NULL;
        """;

    /// <summary>Format 1 records whose plaintext Reference has no keyed hash yet.</summary>
    public const string LegacyReference = "format = 1 AND reference IS NOT NULL AND reference_index IS NULL";
}
