using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// Gives the central cluster its circuit breaker for every passive-health setting the operator left out,
/// and makes unhealthy destinations unavailable: YARP's default (HealthyOrPanic) would send to a dead service anyway.
/// </summary>
internal sealed class CentralClusterDefaults : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        if (cluster.ClusterId != CentralService.ClusterId)
        {
            return ValueTask.FromResult(cluster);
        }

        var health = cluster.HealthCheck ?? new HealthCheckConfig();
        var passive = health.Passive ?? new PassiveHealthCheckConfig();
        return ValueTask.FromResult(cluster with
        {
            HealthCheck = health with
            {
                AvailableDestinationsPolicy = health.AvailableDestinationsPolicy ?? HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
                Passive = passive with
                {
                    Enabled = passive.Enabled ?? true,
                    Policy = passive.Policy ?? CentralCircuitBreaker.PolicyName,
                    ReactivationPeriod = passive.ReactivationPeriod ?? CentralCircuitBreaker.DefaultOpenPeriod,
                },
            },
        });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) => ValueTask.FromResult(route);
}
