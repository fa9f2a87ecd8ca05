using System.Net;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace VrijwilligeOppas.LoadDriver;

/// <summary>
/// Baseline (a): bare YARP forwarding the OCMW's bytes to the stub and its answer back, with nothing in between.
/// What the gateway costs more than this is what the translation, signing, checking and audit add.
/// </summary>
internal static class Passthrough
{
    public static async Task<int> RunAsync(int port, Uri stub)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        RouteConfig[] routes = [new RouteConfig { RouteId = "ksz", ClusterId = "stub", Match = new RouteMatch { Path = Driver.KszPath } }.WithTransformPathSet("/passthrough")];
        ClusterConfig[] clusters = [new ClusterConfig { ClusterId = "stub", Destinations = new Dictionary<string, DestinationConfig> { ["stub"] = new() { Address = stub.ToString() } } }];
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
        return 0;
    }
}
