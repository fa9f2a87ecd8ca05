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
}

public enum AuditStoreKind
{
    Sqlite,
    PostgreSql,
}
