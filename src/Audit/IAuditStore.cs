namespace VrijwilligeOppas.Audit;

/// <summary>Where audit records and checkpoints are kept: SQLite embedded, PostgreSQL for several instances.</summary>
public interface IAuditStore
{
    /// <summary>Creates or upgrades the schema; safe to run from several processes at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims an instance's chain for this process until the returned claim is disposed or the process dies; null
    /// while another live process holds it. Two writers of one chain would fork it: each would append after the head
    /// it last saw.
    /// </summary>
    Task<IAsyncDisposable?> ClaimInstanceAsync(string instance, CancellationToken cancellationToken);

    /// <summary>The last sequence number and hash of an instance's chain; (0, genesis) for a new chain.</summary>
    Task<(long Sequence, byte[] Hash)> HeadAsync(string instance, CancellationToken cancellationToken);

    /// <summary>Appends consecutive records of one chain in one transaction: all are durable, or none.</summary>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>Every instance with records, checkpoints or a purge marker.</summary>
    Task<IReadOnlyList<string>> InstancesAsync(CancellationToken cancellationToken);

    /// <summary>An instance's records in chain order.</summary>
    IAsyncEnumerable<AuditRecord> ReadChainAsync(string instance, CancellationToken cancellationToken);

    /// <summary>Records received in [since, until), optionally only those naming a blind index, in time order.</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset since, DateTimeOffset until, string? blindIndex, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the records matching <paramref name="query"/>, in (received, instance, sequence) order, with the
    /// cursor of the next page. Every value is a parameter: no filter can become SQL.
    /// </summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="AuditQuery.Validate"/>).</exception>
    Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Gives format 1 records (written with a plaintext Reference) the keyed hash of that Reference, so a Reference
    /// search finds them too; returns how many. The hash is not part of a format 1 record's chain hash, so this
    /// leaves verification as it was.
    /// </summary>
    Task<int> IndexLegacyReferencesAsync(Func<string, string> referenceIndex, CancellationToken cancellationToken);

    Task SaveCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken);

    Task<AuditCheckpoint?> LastCheckpointAsync(string instance, CancellationToken cancellationToken);

    /// <summary>An instance's checkpoints in sequence order.</summary>
    Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(string instance, CancellationToken cancellationToken);

    /// <summary>
    /// The last record of the longest head of the chain received entirely before <paramref name="before"/>: what a
    /// purge may remove without leaving a hole (records are appended in completion order, not arrival order).
    /// </summary>
    Task<(long Sequence, byte[] Hash)?> PurgeBoundaryAsync(string instance, DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Removes the instance's records up to and including the marker's sequence and stores the marker, in one transaction; returns how many records.</summary>
    Task<int> PurgeAsync(AuditPurgeMarker marker, CancellationToken cancellationToken);

    /// <summary>The instance's latest purge marker, if it was ever purged.</summary>
    Task<AuditPurgeMarker?> LastPurgeAsync(string instance, CancellationToken cancellationToken);
}

/// <summary>
/// A signed statement of a chain's head at a moment: what a truncated tail is measured against. It may carry an
/// RFC 3161 timestamp token over <see cref="SignedBytes"/>.
/// </summary>
public sealed record AuditCheckpoint(string Instance, long Sequence, byte[] Hash, DateTimeOffset Created, byte[] Certificate, byte[] Signature, byte[]? TimestampToken = null)
{
    public byte[] SignedBytes() => System.Text.Encoding.UTF8.GetBytes(string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"vo-audit-checkpoint-v1|{Instance}|{Sequence}|{Convert.ToHexString(Hash)}|{Created.ToUnixTimeMilliseconds()}"));
}

/// <summary>
/// A signed statement that a chain's records up to <see cref="Sequence"/> (whose hash was <see cref="Hash"/>) were
/// removed on purpose: the shortened chain must start right after it, and nothing else may be missing.
/// </summary>
public sealed record AuditPurgeMarker(string Instance, long Sequence, byte[] Hash, DateTimeOffset Before, DateTimeOffset Created, byte[] Certificate, byte[] Signature)
{
    public byte[] SignedBytes() => System.Text.Encoding.UTF8.GetBytes(string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"vo-audit-purge-v1|{Instance}|{Sequence}|{Convert.ToHexString(Hash)}|{Before.ToUnixTimeMilliseconds()}|{Created.ToUnixTimeMilliseconds()}"));
}
