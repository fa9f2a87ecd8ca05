using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Mapping.Rules;

namespace VrijwilligeOppas.Gateway.Configuration;

public static class GatewayConfigurationExtensions
{
    /// <summary>Binds and validates the Gateway section at start-up and loads the registry of diensten.</summary>
    public static WebApplicationBuilder AddGatewayConfiguration(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayModeValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            using var csv = File.OpenText(options.ResolveFromApp(options.RegistryPath));
            return DienstRegistry.Parse(csv);
        });
        return builder;
    }
}
