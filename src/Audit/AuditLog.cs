using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// One instance's chain, appended with group commit: callers wait until their record is durable, and every record
/// that arrives while a transaction is being written goes into the next one, so appends cost one commit per batch,
/// not per message. Whatever goes wrong with a batch — a record that cannot be built, a store that refuses or does
/// not answer within <see cref="AuditLogOptions.AppendTimeout"/> — fails exactly that batch's callers with
/// <see cref="AuditUnavailableException"/> (the gateway then refuses the message: fail closed), is logged once, and
/// the chain continues from what the store really holds. The writer itself never stops before the log is closed.
/// </summary>
public sealed partial class AuditLog : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IAuditStore _store;
    private readonly AuditKeys _keys;
    private readonly AuditLogOptions _options;
    private readonly ILogger _logger;
    private readonly Task _writer;
    private ChainHead _head;
    private volatile bool _available = true;

    private AuditLog(IAuditStore store, AuditKeys keys, string instance, (long Sequence, byte[] Hash) head, AuditLogOptions options)
    {
        (_store, _keys, Instance, _head, _options) = (store, keys, instance, new ChainHead(head.Sequence, head.Hash), options);
        _logger = options.Logger ?? NullLogger.Instance;
        _writer = Task.Run(WriteAsync);
    }

    public string Instance { get; }

    /// <summary>False from a failed commit until the next successful one.</summary>
    public bool IsAvailable => _available;

    /// <summary>The last durable record of this chain.</summary>
    public ChainHead Head => Volatile.Read(ref _head);

    public static async Task<AuditLog> OpenAsync(IAuditStore store, AuditKeys keys, string instance, CancellationToken cancellationToken, AuditLogOptions? options = null)
    {
        await store.MigrateAsync(cancellationToken);
        return new AuditLog(store, keys, instance, await store.HeadAsync(instance, cancellationToken), options ?? new AuditLogOptions());
    }

    /// <summary>Completes once the record is committed.</summary>
    /// <exception cref="AuditUnavailableException">The record was not committed within the append timeout, or could not be.</exception>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        using var deadline = new CancellationTokenSource(_options.AppendTimeout, _options.Clock);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await _queue.Writer.WriteAsync(pending, wait.Token);
            await pending.Done.Task.WaitAsync(wait.Token);
        }
        catch (ChannelClosedException ex)
        {
            throw new AuditUnavailableException("The audit log is closed.", ex);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Still queued: the writer will skip it, so the caller can be told now. Already taken into a commit: the
            // writer's own timeout bounds that commit, and its verdict is the truth, so the caller waits for it.
            if (pending.Abandon())
            {
                _available = false;
                LogAppendTimedOut(_logger, Instance, _options.AppendTimeout.TotalSeconds);
                throw new AuditUnavailableException($"The audit record was not committed within {_options.AppendTimeout.TotalSeconds:0.###} s.", ex);
            }

            await pending.Done.Task;
        }
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
                // A caller that gave up waiting has already been answered: its record is not written.
                if (next.Take())
                {
                    batch.Add(next);
                }
            }

            try
            {
                await CommitAsync(batch);
            }
            catch (Exception ex)
            {
                // CommitAsync handles what it expects; this is the last line that keeps the writer alive.
                var failure = new AuditUnavailableException("The audit writer failed: " + ex.Message, ex);
                batch.ForEach(p => p.Done.TrySetException(failure));
                LogBatchFailed(_logger, Instance, batch.Count, ex);
            }
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        var (sequence, hash) = Head;
        var records = new List<AuditRecord>(batch.Count);
        var waiting = new List<Pending>(batch.Count);
        foreach (var pending in batch)
        {
            AuditRecord record;
            try
            {
                record = AuditRecord.Create(pending.Entry, Instance, sequence + 1, hash, _keys);
            }
            catch (Exception ex)
            {
                // One record that cannot be built (a defect in what the caller handed over) fails only its caller.
                LogRecordNotBuilt(_logger, Instance, ex);
                pending.Done.TrySetException(new AuditUnavailableException("The audit record could not be built: " + ex.Message, ex));
                continue;
            }

            records.Add(record);
            waiting.Add(pending);
            (sequence, hash) = (record.Sequence, record.Hash);
        }

        if (records.Count == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.AppendTimeout, _options.Clock);
            await _store.AppendAsync(records, timeout.Token).WaitAsync(timeout.Token);
            Volatile.Write(ref _head, new ChainHead(sequence, hash));
            _available = true;
            waiting.ForEach(p => p.Done.TrySetResult());
        }
        catch (Exception ex)
        {
            _available = false;
            var failure = new AuditUnavailableException("The audit store did not take the record: " + ex.Message, ex);
            var failed = waiting.Count(p => p.Done.TrySetException(failure));

            // Callers that gave up first have logged their own timeout: one failure, one line.
            if (failed > 0)
            {
                LogCommitFailed(_logger, Instance, failed, ex);
            }

            await RecoverHeadAsync();
        }
    }

    /// <summary>After a failed commit the store may hold the batch or not: the chain goes on from what it holds.</summary>
    private async Task RecoverHeadAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.AppendTimeout, _options.Clock);
            var (sequence, hash) = await _store.HeadAsync(Instance, timeout.Token).WaitAsync(timeout.Token);
            Volatile.Write(ref _head, new ChainHead(sequence, hash));
        }
        catch (Exception ex)
        {
            // The next batch starts from the head as last known; if that was committed meanwhile it fails on the
            // duplicate sequence and recovers again, so the chain never forks.
            LogHeadNotRecovered(_logger, Instance, ex);
        }
    }

    [LoggerMessage(EventId = 410, EventName = "AuditCommitFailed", Level = LogLevel.Critical,
        Message = "Audit chain '{Instance}': the store did not take a batch of {Count} record(s); their messages are refused (AUDIT_ONBESCHIKBAAR)")]
    private static partial void LogCommitFailed(ILogger logger, string instance, int count, Exception exception);

    [LoggerMessage(EventId = 411, EventName = "AuditRecordNotBuilt", Level = LogLevel.Critical,
        Message = "Audit chain '{Instance}': a record could not be built; its message is refused (AUDIT_ONBESCHIKBAAR)")]
    private static partial void LogRecordNotBuilt(ILogger logger, string instance, Exception exception);

    [LoggerMessage(EventId = 412, EventName = "AuditAppendTimedOut", Level = LogLevel.Critical,
        Message = "Audit chain '{Instance}': a record was not committed within {Seconds} s; its message is refused (AUDIT_ONBESCHIKBAAR)")]
    private static partial void LogAppendTimedOut(ILogger logger, string instance, double seconds);

    [LoggerMessage(EventId = 413, EventName = "AuditHeadNotRecovered", Level = LogLevel.Error,
        Message = "Audit chain '{Instance}': after a failed commit the chain head could not be read back from the store; the next batch tries again")]
    private static partial void LogHeadNotRecovered(ILogger logger, string instance, Exception exception);

    [LoggerMessage(EventId = 414, EventName = "AuditWriterBatchFailed", Level = LogLevel.Critical,
        Message = "Audit chain '{Instance}': the writer failed on a batch of {Count} record(s); their messages are refused and the writer goes on")]
    private static partial void LogBatchFailed(ILogger logger, string instance, int count, Exception exception);

    private sealed class Pending(AuditEntry entry, TaskCompletionSource done)
    {
        private int _state; // 0 queued, 1 taken by the writer, 2 abandoned by its caller

        public AuditEntry Entry { get; } = entry;

        public TaskCompletionSource Done { get; } = done;

        public bool Take() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public bool Abandon() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;
    }
}

/// <summary>How an <see cref="AuditLog"/> waits and reports.</summary>
public sealed record AuditLogOptions
{
    /// <summary>An append not committed within this time fails with <see cref="AuditUnavailableException"/>.</summary>
    public TimeSpan AppendTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public ILogger? Logger { get; init; }
}

/// <summary>The last durable record of a chain.</summary>
public sealed record ChainHead(long Sequence, byte[] Hash);

public sealed class AuditUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
