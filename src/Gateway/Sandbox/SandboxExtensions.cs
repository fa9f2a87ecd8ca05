using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Sandbox;

public static class SandboxExtensions
{
    /// <summary>In sandbox mode, runs the emulator in-process and points the central cluster's connections at it.</summary>
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder, IReverseProxyBuilder proxy)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, SandboxProductionRules>());
        var mode = builder.Configuration.GetValue($"{GatewayOptions.Section}:{nameof(GatewayOptions.Mode)}", GatewayMode.Sandbox);
        if (mode != GatewayMode.Sandbox)
        {
            return builder;
        }

        var connector = new SandboxConnector();
        builder.Services.AddSingleton(connector);
        builder.Services.AddSingleton<SandboxCentralService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SandboxCentralService>());
        // One ConfigureHttpClient callback is in force per host, so this one also applies the central TLS rules.
        var tls = Central.CentralTls.From(builder.Configuration);
        proxy.ConfigureHttpClient((context, handler) =>
        {
            if (context.ClusterId == Central.CentralService.ClusterId)
            {
                handler.ConnectCallback = connector.ConnectAsync;
                tls?.Apply(context, handler);
            }
        });
        return builder;
    }
}
