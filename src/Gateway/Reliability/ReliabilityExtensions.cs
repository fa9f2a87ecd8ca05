using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace VrijwilligeOppas.Gateway.Reliability;

public static class ReliabilityExtensions
{
    /// <summary>Back-pressure and the shutdown grace period; the retry and circuit-breaker settings are read by Central (docs/reliability.md).</summary>
    public static WebApplicationBuilder AddGatewayReliability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReliabilityOptions>().BindConfiguration(ReliabilityOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReliabilityOptions>, ReliabilityOptionsValidator>());
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ReliabilityOptions>>((host, reliability) => host.ShutdownTimeout = reliability.Value.ShutdownGracePeriod);
        builder.Services.AddSingleton<ExchangeGate>();
        return builder;
    }
}
