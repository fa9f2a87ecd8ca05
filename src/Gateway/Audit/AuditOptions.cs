using System.ComponentModel.DataAnnotations;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>
/// The <c>Audit</c> section. Keys are base64 and come from configuration or the environment
/// (<c>Audit__EncryptionKeys__k2025</c>), never from the repository; in sandbox mode missing keys are generated once
/// under the data folder.
/// </summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Sqlite (one instance, embedded) or PostgreSql (several instances sharing one database).</summary>
    public AuditStoreKind Store { get; set; } = AuditStoreKind.Sqlite;

    /// <summary>PostgreSQL connection string (with <see cref="AuditStoreKind.PostgreSql"/>); give it through the environment.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite database file; relative paths are under <c>Gateway:DataDirectory</c>.</summary>
    [Required]
    public string DatabasePath { get; set; } = "audit/audit.db";

    /// <summary>This instance's chain; unique per gateway process sharing a store. Defaults to the host name.</summary>
    public string? Instance { get; set; }

    /// <summary>Id of the AES-256 key new records are encrypted with.</summary>
    public string? CurrentKeyId { get; set; }

    /// <summary>AES-256 keys by id (base64, 32 bytes); old ones stay to decrypt old records.</summary>
    public Dictionary<string, string> EncryptionKeys { get; set; } = [];

    /// <summary>HMAC key of the blind INSZ index (base64, at least 32 bytes). Changing it makes old records unsearchable.</summary>
    public string? IndexKey { get; set; }

    /// <summary>How often the chain head is checkpointed with a signature (also at shutdown).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An audit record not committed within this time fails its message with AUDIT_ONBESCHIKBAAR.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan AppendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The certificates checkpoints and purge markers may be signed with (PEM or DER): the gateway's current signing
    /// certificate and every earlier one whose checkpoints are still in the store. <c>audit verify</c> trusts these
    /// and nothing found in the database. In sandbox mode the development signing certificate is added.
    /// </summary>
    public List<string> CheckpointCertificatePaths { get; set; } = [];

    /// <summary>Folder, on a volume other than the database's, where every checkpoint and purge marker is also appended.</summary>
    public string? WitnessDirectory { get; set; }

    /// <summary>RFC 3161 time-stamping authority asked to timestamp every checkpoint and export.</summary>
    [Url]
    public string? TimestampAuthorityUrl { get; set; }

    /// <summary>The TSA's certificate or its CA (PEM), against which <c>audit verify</c> checks timestamps.</summary>
    public string? TimestampAuthorityCertificatePath { get; set; }
}

public enum AuditStoreKind
{
    Sqlite,
    PostgreSql,
}
