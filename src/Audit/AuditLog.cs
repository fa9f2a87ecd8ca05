using System.Threading.Channels;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// One instance's chain, appended with group commit: callers wait until their record is durable, and every record
/// that arrives while a transaction is being written goes into the next one, so appends cost one commit per batch,
/// not per message. If the store fails, every waiting caller gets <see cref="AuditUnavailableException"/> (the gateway
/// then refuses the message: fail closed) and the chain continues from what the store really holds.
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IAuditStore _store;
    private readonly AuditKeys _keys;
    private readonly Task _writer;
    private ChainHead _head;

    private AuditLog(IAuditStore store, AuditKeys keys, string instance, (long Sequence, byte[] Hash) head)
    {
        (_store, _keys, Instance, _head) = (store, keys, instance, new ChainHead(head.Sequence, head.Hash));
        _writer = Task.Run(WriteAsync);
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
    /// <exception cref="AuditUnavailableException">The store did not take it.</exception>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new AuditUnavailableException("The audit log is closed.", ex);
        }

        await pending.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            var (sequence, hash) = _head;
            var records = new List<AuditRecord>(batch.Count);
            foreach (var pending in batch)
            {
                var record = AuditRecord.Create(pending.Entry, Instance, ++sequence, hash, _keys);
                records.Add(record);
                hash = record.Hash;
            }

            try
            {
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
        }
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
