using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using VrijwilligeOppas.Gateway.Central;

namespace VrijwilligeOppas.Gateway.Health;

/// <summary>Ready when YARP's health state has at least one central-service destination available.</summary>
internal sealed class CentralClusterHealthCheck(IProxyStateLookup proxyState) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxyState.TryGetCluster(CentralProxyExtensions.ClusterId, out var cluster))
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The central cluster is not configured (ReverseProxy:Clusters:central)."));
        }

        var available = cluster.DestinationsState?.AvailableDestinations.Count ?? 0;
        return Task.FromResult(available > 0
            ? HealthCheckResult.Healthy($"{available} central destination(s) available.")
            : HealthCheckResult.Unhealthy("No central-service destination is healthy."));
    }
}
