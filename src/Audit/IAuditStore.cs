namespace VrijwilligeOppas.Audit;

/// <summary>Where audit records and checkpoints are kept: SQLite embedded, PostgreSQL for several instances.</summary>
public interface IAuditStore
{
    /// <summary>Creates or upgrades the schema; safe to run from several processes at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The last sequence number and hash of an instance's chain; (0, genesis) for a new chain.</summary>
    Task<(long Sequence, byte[] Hash)> HeadAsync(string instance, CancellationToken cancellationToken);

    /// <summary>Appends consecutive records of one chain in one transaction: all are durable, or none.</summary>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> InstancesAsync(CancellationToken cancellationToken);

    /// <summary>An instance's records in chain order.</summary>
    IAsyncEnumerable<AuditRecord> ReadChainAsync(string instance, CancellationToken cancellationToken);

    /// <summary>Records received in [since, until), optionally only those naming a blind index, in time order.</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset since, DateTimeOffset until, string? blindIndex, CancellationToken cancellationToken);

    Task SaveCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken);

    Task<AuditCheckpoint?> LastCheckpointAsync(string instance, CancellationToken cancellationToken);

    /// <summary>Removes records received before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>A signed statement of a chain's head at a moment: what a truncated tail is measured against.</summary>
public sealed record AuditCheckpoint(string Instance, long Sequence, byte[] Hash, DateTimeOffset Created, byte[] Certificate, byte[] Signature)
{
    public byte[] SignedBytes() => System.Text.Encoding.UTF8.GetBytes(string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"vo-audit-checkpoint-v1|{Instance}|{Sequence}|{Convert.ToHexString(Hash)}|{Created.ToUnixTimeMilliseconds()}"));
}
