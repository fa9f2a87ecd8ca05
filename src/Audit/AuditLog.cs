using System.Collections.Concurrent;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// One instance's chain, appended with group commit: callers wait until their record is durable, and every record
/// that arrives while a transaction is being written goes into the next one, so appends cost one commit per batch,
/// not per message. There is no writer thread: the caller that finds no commit under way commits whatever is queued,
/// its own record included, so a lone message pays no hand-off between threads. If the store fails, every waiting
/// caller gets <see cref="AuditUnavailableException"/> (the gateway then refuses the message: fail closed) and the
/// chain continues from what the store really holds.
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly IAuditStore _store;
    private readonly AuditKeys _keys;
    private int _committing;
    private bool _closed;
    private ChainHead _head;

    private AuditLog(IAuditStore store, AuditKeys keys, string instance, (long Sequence, byte[] Hash) head)
    {
        (_store, _keys, Instance, _head) = (store, keys, instance, new ChainHead(head.Sequence, head.Hash));
    }

    public string Instance { get; }

    /// <summary>False from a failed commit until the next successful one: the gateway then forwards nothing.</summary>
    public bool IsAvailable { get; private set; } = true;

    /// <summary>The last durable record of this chain.</summary>
    public ChainHead Head => Volatile.Read(ref _head);

    public static async Task<AuditLog> OpenAsync(IAuditStore store, AuditKeys keys, string instance, CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        return new AuditLog(store, keys, instance, await store.HeadAsync(instance, cancellationToken));
    }

    /// <summary>Completes once the record is committed.</summary>
    /// <exception cref="AuditUnavailableException">The store did not take it, or the log is closed.</exception>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _closed))
        {
            throw new AuditUnavailableException("The audit log is closed.");
        }

        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Enqueue(pending);
        if (TryTakeCommit())
        {
            await CommitAsync(until: pending);
        }

        await pending.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _closed, true);
        while (!_queue.IsEmpty || Volatile.Read(ref _committing) != 0)
        {
            if (TryTakeCommit())
            {
                await CommitAsync(until: null);
            }
            else
            {
                await Task.Delay(10);
            }
        }
    }

    private bool TryTakeCommit() => Interlocked.CompareExchange(ref _committing, 1, 0) == 0;

    /// <summary>
    /// Commits batches until <paramref name="until"/> is durable (or, when null, until nothing is queued), then lets
    /// go. Records still queued are committed by a background continuation, so that the caller's reply does not wait
    /// for other messages' records.
    /// </summary>
    private async Task CommitAsync(Pending? until)
    {
        while (until is null || !until.Done.Task.IsCompleted)
        {
            if (!await CommitBatchAsync())
            {
                break;
            }
        }

        Volatile.Write(ref _committing, 0);

        // A record queued after the last batch was taken, but before the commit was let go, must not be left behind.
        if (!_queue.IsEmpty && TryTakeCommit())
        {
            _ = Task.Run(() => CommitAsync(until: null));
        }
    }

    /// <returns>False when nothing was queued.</returns>
    private async Task<bool> CommitBatchAsync()
    {
        var batch = new List<Pending>(Math.Min(MaxBatch, _queue.Count));
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        if (batch.Count == 0)
        {
            return false;
        }

        try
        {
            var (sequence, hash) = _head;
            var records = new List<AuditRecord>(batch.Count);
            foreach (var pending in batch)
            {
                var record = AuditRecord.Create(pending.Entry, Instance, ++sequence, hash, _keys);
                records.Add(record);
                hash = record.Hash;
            }

            await _store.AppendAsync(records, CancellationToken.None);
            Volatile.Write(ref _head, new ChainHead(sequence, hash));
            IsAvailable = true;
            batch.ForEach(p => p.Done.TrySetResult());
        }
        catch (Exception ex)
        {
            IsAvailable = false;
            var failure = new AuditUnavailableException("The audit store did not take the record: " + ex.Message, ex);
            batch.ForEach(p => p.Done.TrySetException(failure));
            await RecoverHeadAsync();
        }

        return true;
    }

    private async Task RecoverHeadAsync()
    {
        try
        {
            var (sequence, hash) = await _store.HeadAsync(Instance, CancellationToken.None);
            Volatile.Write(ref _head, new ChainHead(sequence, hash));
        }
        catch (Exception)
        {
            // The store is still down; the next batch fails the same way and tries again.
        }
    }

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource Done);
}

/// <summary>The last durable record of a chain.</summary>
public sealed record ChainHead(long Sequence, byte[] Hash);

public sealed class AuditUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
