using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Gateway.Ksz;

public static class KszEndpoint
{
    public const string Path = "/ksz/VrijwilligeOppas";

    public static IServiceCollection AddKszEndpoint(this IServiceCollection services)
    {
        services.AddSingleton(s => new KszMessageReader(s.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.MaxRequestBytes));
        return services;
    }

    /// <summary>
    /// POST /ksz/VrijwilligeOppas runs the KSZ exchange inside YARP's proxy pipeline, so that forwarding to the
    /// central cluster gets YARP's load balancing, health checks and timeouts.
    /// </summary>
    public static WebApplication MapKszEndpoint(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<KszExchangeMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
