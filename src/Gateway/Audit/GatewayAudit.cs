using Microsoft.Extensions.Options;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Trust;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>
/// This instance's audit chain for the life of the host: opened (and the schema migrated) before the gateway
/// serves, checkpointed with the gateway's signature every <see cref="AuditOptions.CheckpointInterval"/> and after
/// the last record at shutdown. Each checkpoint is also timestamped by the configured TSA and appended to the
/// witness, so that it is anchored outside the database.
/// </summary>
internal sealed partial class GatewayAudit(
    IAuditStore store,
    AuditKeys keys,
    AuditTrust trust,
    IOptions<AuditOptions> options,
    IOptions<GatewayOptions> gateway,
    GatewayCertificates certificates,
    TimeProvider clock,
    ILogger<GatewayAudit> logger) : BackgroundService, IStartupCheck
{
    /// <summary>A TSA that does not answer in this time leaves the checkpoint without a timestamp, not unmade.</summary>
    private static readonly TimeSpan TimestampTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _timestamps = new() { Timeout = TimestampTimeout };
    private IAsyncDisposable? _claim;
    private AuditLog? _log;
    private long _checkpointed;

    public AuditLog Log => _log ?? throw new InvalidOperationException("The audit log is not open yet.");

    public string Instance => options.Value.Instance is { Length: > 0 } instance ? instance : Environment.MachineName;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Checkpoints signed with a certificate that verification does not trust would read as forgeries later.
        if (gateway.Value.Mode == GatewayMode.Production && !trust.CheckpointCertificates.Any(c => c.RawData.AsSpan().SequenceEqual(certificates.Signing.RawData)))
        {
            throw new StartupRefusedException(
                $"{AuditOptions.Section}:{nameof(AuditOptions.CheckpointCertificatePaths)} does not list the signing certificate {certificates.Signing.Subject}: audit checkpoints signed with it could not be verified. Add its public certificate (and keep the earlier ones).");
        }

        await ClaimInstanceAsync(cancellationToken);
        _log = await AuditLog.OpenAsync(store, keys, Instance, cancellationToken, new AuditLogOptions { AppendTimeout = options.Value.AppendTimeout, Clock = clock, Logger = logger });
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

    /// <summary>
    /// Makes this process the only writer of <see cref="Instance"/>'s chain on the store, for as long as it runs; a
    /// second live process with the same instance is refused, since it would fork the chain.
    /// </summary>
    Task IStartupCheck.CheckAsync(CancellationToken cancellationToken) => ClaimInstanceAsync(cancellationToken);

    public async Task ClaimInstanceAsync(CancellationToken cancellationToken)
    {
        if (_claim is not null)
        {
            return;
        }

        try
        {
            _claim = await store.ClaimInstanceAsync(Instance, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusedException(
                $"the audit store ({AuditOptions.Section}:{nameof(AuditOptions.Store)} {options.Value.Store}) cannot be opened: {ex.Message} Check {AuditOptions.Section}:ConnectionString or {AuditOptions.Section}:DatabasePath.", ex);
        }

        _ = _claim ?? throw new StartupRefusedException(
            $"{AuditOptions.Section}:{nameof(AuditOptions.Instance)} '{Instance}' is in use by another live gateway process on this audit store: give every process its own {AuditOptions.Section}:{nameof(AuditOptions.Instance)}, or stop the other one first.");
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_log is { } log)
        {
            await log.DisposeAsync();
            await CheckpointAsync(CancellationToken.None);
        }

        if (_claim is { } claim)
        {
            _claim = null;
            await claim.DisposeAsync();
        }
    }

    public override void Dispose()
    {
        (_claim as IDisposable)?.Dispose();
        _timestamps.Dispose();
        base.Dispose();
    }

    /// <summary>Signs and stores the chain head when it moved since the last checkpoint; timestamps and witnesses it where configured.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        var head = Log.Head;
        if (head.Sequence == _checkpointed)
        {
            return;
        }

        try
        {
            var checkpoint = AuditCheckpoints.Sign(Instance, head.Sequence, head.Hash, clock.GetUtcNow(), certificates.Signing);
            checkpoint = checkpoint with { TimestampToken = await TimestampAsync(checkpoint, cancellationToken) };
            await store.SaveCheckpointAsync(checkpoint, cancellationToken);
            _checkpointed = head.Sequence;
            if (trust.Witness is { } witness)
            {
                try
                {
                    await witness.AppendAsync(checkpoint, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogWitnessFailed(logger, Instance, head.Sequence, witness.Directory, ex);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCheckpointFailed(logger, Instance, head.Sequence, ex);
        }
    }

    private async Task<byte[]?> TimestampAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (options.Value.TimestampAuthorityUrl is not { Length: > 0 } url)
        {
            return null;
        }

        try
        {
            return await AuditTimestamps.RequestAsync(_timestamps, new Uri(url), checkpoint.SignedBytes(), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Security.Cryptography.CryptographicException)
        {
            LogTimestampFailed(logger, Instance, checkpoint.Sequence, url, ex);
            return null;
        }
    }

    [LoggerMessage(EventId = 400, EventName = "AuditOpened", Level = LogLevel.Information, Message = "Audit chain '{Instance}' open at record {Sequence}")]
    private static partial void LogOpened(ILogger logger, string instance, long sequence);

    [LoggerMessage(EventId = 401, EventName = "AuditCheckpointFailed", Level = LogLevel.Error, Message = "Could not checkpoint audit chain '{Instance}' at record {Sequence}")]
    private static partial void LogCheckpointFailed(ILogger logger, string instance, long sequence, Exception exception);

    [LoggerMessage(EventId = 402, EventName = "AuditTimestampFailed", Level = LogLevel.Error,
        Message = "The checkpoint of audit chain '{Instance}' at record {Sequence} has no timestamp: the time-stamping authority {Url} did not give one")]
    private static partial void LogTimestampFailed(ILogger logger, string instance, long sequence, string url, Exception exception);

    [LoggerMessage(EventId = 403, EventName = "AuditWitnessFailed", Level = LogLevel.Error,
        Message = "The checkpoint of audit chain '{Instance}' at record {Sequence} could not be appended to the witness in {Directory}")]
    private static partial void LogWitnessFailed(ILogger logger, string instance, long sequence, string directory, Exception exception);
}
