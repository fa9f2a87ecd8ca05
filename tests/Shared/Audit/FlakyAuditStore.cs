using VrijwilligeOppas.Audit;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>A real audit store whose appends fail while <see cref="Down"/> is set, as a full disk or lost database would.</summary>
internal sealed class FlakyAuditStore(IAuditStore inner) : IAuditStore
{
    public bool Down { get; set; }

    public Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public Task<(long Sequence, byte[] Hash)> HeadAsync(string instance, CancellationToken cancellationToken) => inner.HeadAsync(instance, cancellationToken);

    public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) =>
        Down ? throw new IOException("No space left on device") : inner.AppendAsync(records, cancellationToken);

    public Task<IReadOnlyList<string>> InstancesAsync(CancellationToken cancellationToken) => inner.InstancesAsync(cancellationToken);

    public IAsyncEnumerable<AuditRecord> ReadChainAsync(string instance, CancellationToken cancellationToken) => inner.ReadChainAsync(instance, cancellationToken);

    public IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset since, DateTimeOffset until, string? blindIndex, CancellationToken cancellationToken) => inner.ReadAsync(since, until, blindIndex, cancellationToken);

    public Task SaveCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken) => inner.SaveCheckpointAsync(checkpoint, cancellationToken);

    public Task<AuditCheckpoint?> LastCheckpointAsync(string instance, CancellationToken cancellationToken) => inner.LastCheckpointAsync(instance, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.PurgeAsync(before, cancellationToken);
}
