using System.Globalization;
using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// A circuit breaker made of YARP's passive health: after <c>Threshold</c> consecutive attempts that found the
/// central service down, the destination is marked unhealthy for the cluster's <c>ReactivationPeriod</c>. With no
/// healthy destination left YARP does not connect at all, and the OCMW is told CENTRALE_DIENST_ONBEREIKBAAR at once
/// instead of waiting for a timeout. When the period ends the next message tries again (half open): one more failure
/// opens the circuit again, a success closes it.
/// </summary>
internal sealed partial class CentralCircuitBreaker(IDestinationHealthUpdater health, ILogger<CentralCircuitBreaker> logger) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "CentralCircuitBreaker";
    public const string ThresholdKey = PolicyName + ".Threshold";
    public const int DefaultThreshold = 5;
    public static readonly TimeSpan DefaultOpenPeriod = TimeSpan.FromSeconds(30);

    private readonly ConditionalWeakTable<DestinationState, Breaker> _breakers = [];

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var breaker = _breakers.GetValue(destination, _ => new Breaker());
        if (!FoundServiceDown(context))
        {
            if (breaker.Succeeded())
            {
                LogClosed(logger, destination.DestinationId);
            }

            return;
        }

        var config = cluster.Model.Config;
        var threshold = config.Metadata?.TryGetValue(ThresholdKey, out var text) == true && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : DefaultThreshold;
        if (breaker.Failed(threshold) is { } failures)
        {
            var period = config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultOpenPeriod;
            health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, period);
            LogOpened(logger, destination.DestinationId, failures, period.TotalSeconds);
        }
    }

    /// <summary>
    /// Down means no usable exchange took place: no connection, no answer in time, a broken answer, or a proxy's
    /// 502/503/504. A refusal, a SOAP fault or a bad signature is an answer, and says nothing about availability.
    /// </summary>
    private static bool FoundServiceDown(HttpContext context)
    {
        if (context.GetForwarderErrorFeature()?.Error is { } error and not ForwarderError.None)
        {
            return error is not (ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient
                or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient);
        }

        return context.Features.Get<CentralCall>() is { } call
            && (call.ResponseReadError is not null || call.StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout);
    }

    [LoggerMessage(EventId = 600, EventName = "CentralCircuitOpened", Level = LogLevel.Error,
        Message = "Central-service destination {Destination} failed {Failures} times in a row: circuit open, messages are answered CENTRALE_DIENST_ONBEREIKBAAR without trying for {Seconds} s.")]
    private static partial void LogOpened(ILogger logger, string destination, int failures, double seconds);

    [LoggerMessage(EventId = 601, EventName = "CentralCircuitClosed", Level = LogLevel.Information,
        Message = "Central-service destination {Destination} answered again: circuit closed.")]
    private static partial void LogClosed(ILogger logger, string destination);

    private sealed class Breaker
    {
        private readonly Lock _lock = new();
        private int _failures;
        private bool _opened;

        /// <returns>True when this success closes a circuit that had opened.</returns>
        public bool Succeeded()
        {
            lock (_lock)
            {
                var closes = _opened;
                (_failures, _opened) = (0, false);
                return closes;
            }
        }

        /// <returns>The failures counted when this one opens the circuit, else null; once opened, one failure reopens it.</returns>
        public int? Failed(int threshold)
        {
            lock (_lock)
            {
                _failures++;
                if (!_opened && _failures < threshold)
                {
                    return null;
                }

                var failures = _failures;
                (_failures, _opened) = (0, true);
                return failures;
            }
        }
    }
}
