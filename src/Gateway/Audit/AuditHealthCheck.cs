using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>Unhealthy while the audit store refuses records: the gateway then refuses every message (fail closed).</summary>
internal sealed class AuditHealthCheck(GatewayAudit audit) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(audit.Log.IsAvailable
            ? HealthCheckResult.Healthy($"Audit chain '{audit.Instance}' at record {audit.Log.Head.Sequence}.")
            : HealthCheckResult.Unhealthy($"The audit store refused the last records of chain '{audit.Instance}': messages are refused until it takes records again."));
}
