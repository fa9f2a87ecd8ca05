using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Telemetry;
using VrijwilligeOppas.Mapping.Diagnostics;

namespace VrijwilligeOppas.Gateway.Reliability;

/// <summary>
/// Back-pressure in two places, so that memory stays bounded and a small message is served at its normal speed
/// whatever arrives around it (docs/reliability.md, *Fairness*):
/// <list type="number">
/// <item><see cref="Receive"/>, before the body: its announced size is taken from a byte budget
/// (<see cref="ReliabilityOptions.MaxBufferedRequestBytes"/>); beyond it the OCMW is answered before a byte of the body
/// is read. A slow upload therefore holds only its share of memory, never a processing slot.</item>
/// <item><see cref="ProcessAsync"/>, once the whole body is here: one of <see cref="ReliabilityOptions.MaxConcurrentMessages"/>
/// slots, and for a body of <see cref="ReliabilityOptions.BulkMessageBytes"/> or more first one of the few bulk lanes, so
/// that bulk sends queue among themselves and never take the CPU a single prestatie needs.</item>
/// </list>
/// Waiting is bounded by the queue limit and timeout. Once the host is stopping, new and waiting messages are refused
/// so that the ones in progress can drain.
/// </summary>
internal sealed class ExchangeGate : IDisposable
{
    private const int BudgetUnit = 1024;

    private readonly int _budgetUnits;
    private readonly ConcurrencyLimiter _budget;
    private readonly ConcurrencyLimiter _slots;
    private readonly ConcurrencyLimiter _bulkLanes;
    private readonly ReliabilityOptions _options;
    private readonly long _maxRequestBytes;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _clock;

    public ExchangeGate(IOptions<ReliabilityOptions> options, IOptions<GatewayOptions> gateway, IHostApplicationLifetime lifetime, TimeProvider clock, GatewayTelemetry telemetry)
    {
        _options = options.Value;
        _maxRequestBytes = gateway.Value.MaxRequestBytes;
        _lifetime = lifetime;
        _clock = clock;
        _budgetUnits = (int)Math.Min(int.MaxValue, _options.MaxBufferedRequestBytes / BudgetUnit);
        BulkLanes = _options.MaxConcurrentBulkMessages ?? Math.Max(1, Environment.ProcessorCount - 1);
        _budget = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = _budgetUnits, QueueLimit = 0 });
        _slots = Queueing(_options.MaxConcurrentMessages);
        _bulkLanes = Queueing(BulkLanes);
        telemetry.Meter.CreateObservableGauge("vo.gateway.messages.in_progress", () => InProgress, "{message}", "Messages holding a processing slot");
        telemetry.Meter.CreateObservableGauge("vo.gateway.messages.queued", () => Queued, "{message}", "Messages waiting for a processing slot or a bulk lane");
        telemetry.Meter.CreateObservableGauge("vo.gateway.request_bytes.buffered", () => BufferedBytes, "By", "Request bodies being received or held, as announced");
    }

    /// <summary>Bulk sends processed at once: <see cref="ReliabilityOptions.MaxConcurrentBulkMessages"/>, or all processors but one.</summary>
    public int BulkLanes { get; }

    public long InProgress => _options.MaxConcurrentMessages - (_slots.GetStatistics()?.CurrentAvailablePermits ?? 0);

    public long Queued => (_slots.GetStatistics()?.CurrentQueuedCount ?? 0) + (_bulkLanes.GetStatistics()?.CurrentQueuedCount ?? 0);

    public long BulkInProgress => BulkLanes - (_bulkLanes.GetStatistics()?.CurrentAvailablePermits ?? 0);

    public long BufferedBytes => (_budgetUnits - (_budget.GetStatistics()?.CurrentAvailablePermits ?? 0)) * (long)BudgetUnit;

    /// <summary>
    /// The body's share of the byte budget, before a byte of it is read: its announced length up to the largest body
    /// accepted (a chunked body counts as that). Dispose it once the reply has been written.
    /// </summary>
    public (IDisposable? Share, ReasonCode? Refusal) Receive(long? contentLength)
    {
        if (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return (null, ReasonCode.GatewayStopt);
        }

        var bytes = Math.Min(contentLength ?? _maxRequestBytes, _maxRequestBytes);
        var units = (int)Math.Clamp((bytes + BudgetUnit - 1) / BudgetUnit, 1, _budgetUnits);
        var lease = _budget.AttemptAcquire(units);
        if (lease.IsAcquired)
        {
            return (lease, null);
        }

        lease.Dispose();
        return (null, ReasonCode.GatewayBezet);
    }

    /// <summary>A processing slot for a received body of <paramref name="bodyBytes"/> (dispose it when the reply has been written), or the reason there is none.</summary>
    public async ValueTask<(IDisposable? Slot, ReasonCode? Refusal)> ProcessAsync(long bodyBytes, CancellationToken requestAborted)
    {
        RateLimitLease? lane = null;
        if (bodyBytes >= _options.BulkMessageBytes)
        {
            (lane, var noLane) = await AcquireAsync(_bulkLanes, _options.BulkQueueTimeout, requestAborted);
            if (noLane is not null)
            {
                return (null, noLane);
            }
        }

        var (slot, noSlot) = await AcquireAsync(_slots, _options.QueueTimeout, requestAborted);
        if (noSlot is not null)
        {
            lane?.Dispose();
            return (null, noSlot);
        }

        return (lane is null ? slot : new Leases(slot!, lane), null);
    }

    public void Dispose()
    {
        _budget.Dispose();
        _slots.Dispose();
        _bulkLanes.Dispose();
    }

    private ConcurrencyLimiter Queueing(int permits) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = permits,
        QueueLimit = _options.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    private async ValueTask<(RateLimitLease? Lease, ReasonCode? Refusal)> AcquireAsync(ConcurrencyLimiter limiter, TimeSpan patience, CancellationToken requestAborted)
    {
        if (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return (null, ReasonCode.GatewayStopt);
        }

        var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return (lease, null);
        }

        lease.Dispose();
        using var timeout = new CancellationTokenSource(patience, _clock);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _lifetime.ApplicationStopping, timeout.Token);
        try
        {
            lease = await limiter.AcquireAsync(1, wait.Token);
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

    /// <summary>A bulk send's slot and lane, given back together.</summary>
    private sealed class Leases(RateLimitLease slot, RateLimitLease lane) : IDisposable
    {
        public void Dispose()
        {
            slot.Dispose();
            lane.Dispose();
        }
    }
}
