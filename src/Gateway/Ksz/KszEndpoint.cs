using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using VrijwilligeOppas.Gateway.Central;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Contracts;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Gateway.Ksz;

/// <summary>
/// <c>/ksz/VrijwilligeOppas</c>, the whole endpoint: its route to the central cluster, the pipeline a POST runs
/// (<see cref="KszExchangeMiddleware"/> first, then YARP's load balancing, passive health and forwarder, which
/// <see cref="CentralForwarder"/> drives), and <c>GET ?wsdl</c>. The route is fixed in code because it is the
/// product's contract; the cluster's destinations come from configuration.
/// </summary>
public static class KszEndpoint
{
    public const string Path = "/ksz/VrijwilligeOppas";

    private const string RouteId = "ksz";

    public static WebApplicationBuilder AddKszEndpoint(this WebApplicationBuilder builder, IReverseProxyBuilder central)
    {
        builder.Services.AddSingleton(s => new KszMessageReader(s.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBytes));
        builder.Services.AddSingleton<KszResponder>();
        central.LoadFromMemory(
            [new RouteConfig { RouteId = RouteId, ClusterId = CentralService.ClusterId, Match = new RouteMatch { Path = Path, Methods = ["POST"] } }],
            []);
        return builder;
    }

    public static WebApplication MapKszEndpoint(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<KszExchangeMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        app.MapWsdl(Path, "ksz/VrijwilligeOppas.wsdl", "http://localhost:8080/ksz/VrijwilligeOppas");
        return app;
    }
}
