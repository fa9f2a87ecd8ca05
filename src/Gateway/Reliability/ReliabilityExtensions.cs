using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Health;
using VrijwilligeOppas.Gateway.Central;
using VrijwilligeOppas.Gateway.Telemetry;

namespace VrijwilligeOppas.Gateway.Reliability;

public static class ReliabilityExtensions
{
    /// <summary>Back-pressure, retries, the central circuit breaker and the shutdown grace period (docs/reliability.md).</summary>
    public static WebApplicationBuilder AddGatewayReliability(this WebApplicationBuilder builder, IReverseProxyBuilder proxy)
    {
        builder.Services.AddOptions<ReliabilityOptions>().BindConfiguration(ReliabilityOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReliabilityOptions>, ReliabilityOptionsValidator>());
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ReliabilityOptions>>((host, reliability) => host.ShutdownTimeout = reliability.Value.ShutdownGracePeriod);

        builder.Services.AddSingleton<ExchangeGate>();
        builder.Services.AddSingleton<CentralRetryPolicy>();
        builder.Services.AddSingleton<CentralForwarder>();
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy, CentralCircuitBreaker>();
        proxy.AddConfigFilter<CentralClusterDefaults>();
        return builder;
    }
}
