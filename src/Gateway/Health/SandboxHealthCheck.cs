using Microsoft.Extensions.Diagnostics.HealthChecks;
using VrijwilligeOppas.Gateway.Sandbox;

namespace VrijwilligeOppas.Gateway.Health;

internal sealed class SandboxHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var sandbox = services.GetService<SandboxCentralService>();
        return Task.FromResult(sandbox is null || sandbox.IsRunning
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The sandbox emulator is not running."));
    }
}
