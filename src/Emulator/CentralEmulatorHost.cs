using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VrijwilligeOppas.Emulator;

/// <summary>
/// Runs the emulated central service on its own loopback port inside another process (the gateway's sandbox mode,
/// the tests), sharing that process's clock and logging.
/// </summary>
public sealed class CentralEmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CentralEmulatorHost(WebApplication app) => _app = app;

    /// <summary>The base address the emulator listens on, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public static async Task<CentralEmulatorHost> StartAsync(EmulatorOptions options, TimeProvider clock, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The host process's URL settings (ASPNETCORE_URLS) are not the emulator's: it always takes a free loopback port.
        builder.WebHost.UseUrls($"http://{IPAddress.Loopback}:0");
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddCentralEmulator(options);
        var app = builder.Build();
        app.MapCentralEmulator();

        // Fail at start-up, not on the first request, when the registry or NIS table cannot be read.
        _ = app.Services.GetRequiredService<CentralService>();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CentralEmulatorHost(app) { Address = new Uri(address.TrimEnd('/') + "/") };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
