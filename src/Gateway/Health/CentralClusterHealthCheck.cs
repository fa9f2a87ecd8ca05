using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;
using VrijwilligeOppas.Gateway.Central;

namespace VrijwilligeOppas.Gateway.Health;

/// <summary>
/// Ready when at least one central-service destination is not marked unhealthy by YARP's active or passive checks.
/// The cluster's available destinations cannot be used for this: the default HealthyOrPanic policy makes every
/// destination available again when all are unhealthy.
/// </summary>
internal sealed class CentralClusterHealthCheck(IProxyStateLookup proxyState) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxyState.TryGetCluster(CentralService.ClusterId, out var cluster))
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The central cluster is not configured (ReverseProxy:Clusters:central)."));
        }

        var available = cluster.Destinations.Values.Count(d =>
            d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy);
        return Task.FromResult(available > 0
            ? HealthCheckResult.Healthy($"{available} central destination(s) available.")
            : HealthCheckResult.Unhealthy("No central-service destination is healthy."));
    }
}
