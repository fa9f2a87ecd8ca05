using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms;
using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// The central service is the YARP cluster <c>central</c>: destinations, timeouts and health checks come from the
/// <c>ReverseProxy</c> configuration section. Everything between a mapped eHealth message and the central service's
/// verified answer lives in this folder: the forwarder (sign, send, retry), the transforms that send and capture the
/// bytes, the answer's interpretation, the retry policy, the circuit breaker and TLS. The KSZ pipeline speaks to it
/// through <see cref="CentralForwarder.ForwardAsync"/> alone; <see cref="CentralCall"/> is what the forwarder and
/// YARP's pipeline share.
/// </summary>
public static class CentralService
{
    public const string ClusterId = "central";

    /// <summary>The path of the central service below each destination's address.</summary>
    public const string CentralPath = "VrijwilligeOppas/v1";

    /// <summary>The configuration key of each central destination's address, with the address as configured.</summary>
    public static IEnumerable<(string Key, string? Address)> Destinations(IConfiguration configuration) =>
        configuration.GetSection($"ReverseProxy:Clusters:{ClusterId}:Destinations").GetChildren()
            .Select(d => ($"ReverseProxy:Clusters:{ClusterId}:Destinations:{d.Key}:Address", d["Address"]));

    public static IReverseProxyBuilder AddCentralService(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetSection($"ReverseProxy:Clusters:{ClusterId}:Destinations").GetChildren().Any(d => !string.IsNullOrWhiteSpace(d["Address"])))
        {
            throw new StartupRefusedException(
                $"ReverseProxy:Clusters:{ClusterId}:Destinations names no address: configure the central service's address (see docs/configuration.md).");
        }

        // YARP's session-affinity policies need Data Protection even though this gateway uses no affinity; its keys
        // go to the data folder so that a read-only root file system works and nothing is written to $HOME.
        var dataDirectory = builder.Configuration[$"{GatewayOptions.Section}:{nameof(GatewayOptions.DataDirectory)}"] ?? "data";
        builder.Services.AddDataProtection()
            .SetApplicationName("vo-gateway")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "dataprotection-keys")));

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, CentralProductionRules>());
        builder.Services.TryAddSingleton(Random.Shared);
        builder.Services.AddSingleton<CentralRetryPolicy>();
        builder.Services.AddSingleton<CentralForwarder>();
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy, CentralCircuitBreaker>();

        // The central service's TLS certificate: system trust, or the configured CA and pins.
        var tls = CentralTls.From(builder.Configuration);
        var proxy = builder.Services.AddReverseProxy();
        if (tls is not null)
        {
            proxy.ConfigureHttpClient(tls.Apply);
        }

        return proxy
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<CentralClusterDefaults>()
            .AddTransforms(context =>
            {
                if (context.Cluster?.ClusterId != ClusterId && context.Route.ClusterId != ClusterId)
                {
                    return;
                }

                // The OCMW's headers and address are not the central service's business.
                context.CopyRequestHeaders = false;
                context.UseDefaultForwarders = false;
                context.AddRequestTransform(CentralTransforms.SendCall);
                context.AddResponseTransform(CentralTransforms.CaptureAnswer);
            });
    }
}
