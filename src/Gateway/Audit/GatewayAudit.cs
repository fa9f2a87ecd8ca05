using Microsoft.Extensions.Options;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Trust;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>
/// This instance's audit chain for the life of the host: opened (and the schema migrated) before the gateway
/// serves, checkpointed with the gateway's signature every <see cref="AuditOptions.CheckpointInterval"/> and after
/// the last record at shutdown.
/// </summary>
internal sealed partial class GatewayAudit(
    IAuditStore store,
    AuditKeys keys,
    IOptions<AuditOptions> options,
    GatewayCertificates certificates,
    TimeProvider clock,
    ILogger<GatewayAudit> logger) : BackgroundService
{
    private AuditLog? _log;
    private long _checkpointed;

    public AuditLog Log => _log ?? throw new InvalidOperationException("The audit log is not open yet.");

    public string Instance => options.Value.Instance is { Length: > 0 } instance ? instance : Environment.MachineName;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _log = await AuditLog.OpenAsync(store, keys, Instance, cancellationToken);
        _checkpointed = (await store.LastCheckpointAsync(Instance, cancellationToken))?.Sequence ?? 0;
        LogOpened(logger, Instance, _log.Head.Sequence);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await CheckpointAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_log is { } log)
        {
            await log.DisposeAsync();
            await CheckpointAsync(CancellationToken.None);
        }
    }

    /// <summary>Signs and stores the chain head when it moved since the last checkpoint.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        var head = Log.Head;
        if (head.Sequence == _checkpointed)
        {
            return;
        }

        try
        {
            await store.SaveCheckpointAsync(AuditCheckpoints.Sign(Instance, head.Sequence, head.Hash, clock.GetUtcNow(), certificates.Signing), cancellationToken);
            _checkpointed = head.Sequence;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCheckpointFailed(logger, Instance, head.Sequence, ex);
        }
    }

    [LoggerMessage(EventId = 400, EventName = "AuditOpened", Level = LogLevel.Information, Message = "Audit chain '{Instance}' open at record {Sequence}")]
    private static partial void LogOpened(ILogger logger, string instance, long sequence);

    [LoggerMessage(EventId = 401, EventName = "AuditCheckpointFailed", Level = LogLevel.Error, Message = "Could not checkpoint audit chain '{Instance}' at record {Sequence}")]
    private static partial void LogCheckpointFailed(ILogger logger, string instance, long sequence, Exception exception);
}
