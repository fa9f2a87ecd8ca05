using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Sandbox;

public static class SandboxExtensions
{
    /// <summary>In sandbox mode, runs the emulator in-process and points the central cluster's connections at it.</summary>
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder, IReverseProxyBuilder proxy)
    {
        var mode = builder.Configuration.GetValue($"{GatewayOptions.Section}:{nameof(GatewayOptions.Mode)}", GatewayMode.Sandbox);
        if (mode != GatewayMode.Sandbox)
        {
            return builder;
        }

        var connector = new SandboxConnector();
        builder.Services.AddSingleton(connector);
        builder.Services.AddSingleton<SandboxCentralService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SandboxCentralService>());
        proxy.ConfigureHttpClient((context, handler) =>
        {
            if (context.ClusterId == Central.CentralProxyExtensions.ClusterId)
            {
                handler.ConnectCallback = connector.ConnectAsync;
            }
        });
        return builder;
    }
}
