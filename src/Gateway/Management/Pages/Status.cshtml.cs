using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Gateway.Central;
using VrijwilligeOppas.Gateway.Reliability;
using VrijwilligeOppas.Gateway.Trust;

namespace VrijwilligeOppas.Gateway.Management.Pages;

/// <summary>What the operator asks first: is the central service up, is the circuit open, how full is the gateway, what expires, is the audit chain sound.</summary>
public sealed class StatusModel : ConsolePageModel
{
    internal ExchangeGate Gate { get; private set; } = null!;

    internal ReliabilityOptions Reliability { get; private set; } = null!;

    internal GatewayCertificates Certificates { get; private set; } = null!;

    internal GatewayAudit GatewayAudit { get; private set; } = null!;

    internal HealthReport? Health { get; private set; }

    internal IReadOnlyList<(string Id, string Address, string Active, string Passive, bool CircuitOpen)> Destinations { get; private set; } = [];

    internal AuditCheckpoint? LastCheckpoint { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var services = HttpContext.RequestServices;
        if (await AuditedAsync(services.GetRequiredService<ConsoleAudit>(), ConsoleAudit.View, null) is { } refused)
        {
            return refused;
        }

        (Gate, Reliability) = (services.GetRequiredService<ExchangeGate>(), services.GetRequiredService<IOptions<ReliabilityOptions>>().Value);
        (Certificates, GatewayAudit) = (services.GetRequiredService<GatewayCertificates>(), services.GetRequiredService<GatewayAudit>());
        Now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        Health = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(cancellationToken);
        if (services.GetRequiredService<IProxyStateLookup>().TryGetCluster(CentralService.ClusterId, out var cluster))
        {
            Destinations = [.. cluster.Destinations.Values.Select(d => (d.DestinationId, d.Model.Config.Address, d.Health.Active.ToString(), d.Health.Passive.ToString(), d.Health.Passive == DestinationHealth.Unhealthy))];
        }

        LastCheckpoint = await services.GetRequiredService<IAuditStore>().LastCheckpointAsync(GatewayAudit.Instance, cancellationToken);
        return Page();
    }

    public static string Age(TimeSpan age) => age.TotalDays >= 1
        ? age.TotalDays.ToString("0.#", CultureInfo.InvariantCulture) + " days"
        : age.TotalHours >= 1 ? age.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h" : age.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min";
}
