using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Telemetry;
using VrijwilligeOppas.Mapping.Diagnostics;

namespace VrijwilligeOppas.Gateway.Reliability;

/// <summary>
/// Back-pressure in front of the body: at most <see cref="ReliabilityOptions.MaxConcurrentMessages"/> messages are
/// read and processed at once, a bounded queue waits, and everything beyond is answered before a byte of its body is
/// read. Memory therefore stays at the limit times one message, whatever the burst. Once the host is stopping,
/// waiting and new messages are refused so that the ones in progress can drain.
/// </summary>
internal sealed class ExchangeGate : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly ReliabilityOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _clock;

    public ExchangeGate(IOptions<ReliabilityOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock, GatewayTelemetry telemetry)
    {
        _options = options.Value;
        _lifetime = lifetime;
        _clock = clock;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _options.MaxConcurrentMessages,
            QueueLimit = _options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        telemetry.Meter.CreateObservableGauge("vo.gateway.messages.in_progress", () => InProgress, "{message}", "Messages holding a slot");
        telemetry.Meter.CreateObservableGauge("vo.gateway.messages.queued", () => Queued, "{message}", "Messages waiting for a slot");
    }

    public long InProgress => _options.MaxConcurrentMessages - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);

    public long Queued => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>A slot for one message (dispose it when the reply has been written), or the reason there is none.</summary>
    public async ValueTask<(RateLimitLease? Slot, ReasonCode? Refusal)> EnterAsync(CancellationToken requestAborted)
    {
        if (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return (null, ReasonCode.GatewayStopt);
        }

        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return (lease, null);
        }

        lease.Dispose();
        using var timeout = new CancellationTokenSource(_options.QueueTimeout, _clock);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _lifetime.ApplicationStopping, timeout.Token);
        try
        {
            lease = await _limiter.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return (null, _lifetime.ApplicationStopping.IsCancellationRequested ? ReasonCode.GatewayStopt : ReasonCode.GatewayBezet);
        }

        if (lease.IsAcquired)
        {
            return (lease, null);
        }

        lease.Dispose();
        return (null, ReasonCode.GatewayBezet);
    }

    public void Dispose() => _limiter.Dispose();
}
