using System.Collections.Concurrent;
using VrijwilligeOppas.Audit;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>A real audit store whose appends fail while <see cref="Down"/> is set, as a full disk or lost database would.</summary>
internal sealed class FlakyAuditStore(IAuditStore inner) : IAuditStore
{
    private int _entered;

    public bool Down { get; set; }

    /// <summary>While set, reading the chain head fails too, as when the database is gone altogether.</summary>
    public bool HeadDown { get; set; }

    /// <summary>When set, an append waits for it first, as on a slow disk.</summary>
    public Task? Gate { get; set; }

    /// <summary>Appends begun, whether or not they have passed the gate.</summary>
    public int Entered => Volatile.Read(ref _entered);

    /// <summary>How many records each append carried, in order.</summary>
    public ConcurrentQueue<int> Batches { get; } = new();

    public Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public Task<IAsyncDisposable?> ClaimInstanceAsync(string instance, CancellationToken cancellationToken) => inner.ClaimInstanceAsync(instance, cancellationToken);

    public Task<(long Sequence, byte[] Hash)> HeadAsync(string instance, CancellationToken cancellationToken) =>
        HeadDown ? Task.FromException<(long, byte[])>(new IOException("connection refused")) : inner.HeadAsync(instance, cancellationToken);

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _entered);
        if (Gate is { } gate)
        {
            await gate;
        }

        if (Down)
        {
            throw new IOException("No space left on device");
        }

        Batches.Enqueue(records.Count);
        await inner.AppendAsync(records, cancellationToken);
    }

    public Task<IReadOnlyList<string>> InstancesAsync(CancellationToken cancellationToken) => inner.InstancesAsync(cancellationToken);

    public IAsyncEnumerable<AuditRecord> ReadChainAsync(string instance, CancellationToken cancellationToken) => inner.ReadChainAsync(instance, cancellationToken);

    public IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset since, DateTimeOffset until, string? blindIndex, CancellationToken cancellationToken) => inner.ReadAsync(since, until, blindIndex, cancellationToken);

    public Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken cancellationToken) => inner.SearchAsync(query, cancellationToken);

    public Task<int> IndexLegacyReferencesAsync(Func<string, string> referenceIndex, CancellationToken cancellationToken) => inner.IndexLegacyReferencesAsync(referenceIndex, cancellationToken);

    public Task SaveCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken) => inner.SaveCheckpointAsync(checkpoint, cancellationToken);

    public Task<AuditCheckpoint?> LastCheckpointAsync(string instance, CancellationToken cancellationToken) => inner.LastCheckpointAsync(instance, cancellationToken);

    public Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(string instance, CancellationToken cancellationToken) => inner.CheckpointsAsync(instance, cancellationToken);

    public Task<(long Sequence, byte[] Hash)?> PurgeBoundaryAsync(string instance, DateTimeOffset before, CancellationToken cancellationToken) => inner.PurgeBoundaryAsync(instance, before, cancellationToken);

    public Task<int> PurgeAsync(AuditPurgeMarker marker, CancellationToken cancellationToken) => inner.PurgeAsync(marker, cancellationToken);

    public Task<AuditPurgeMarker?> LastPurgeAsync(string instance, CancellationToken cancellationToken) => inner.LastPurgeAsync(instance, cancellationToken);
}
