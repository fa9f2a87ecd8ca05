using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Audit;

public static class AuditExtensions
{
    /// <summary>The audit store, keys and this instance's chain, opened before the gateway serves.</summary>
    public static WebApplicationBuilder AddGatewayAudit(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.TryAddSingleton<IAuditStore>(provider =>
        {
            var gateway = provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var path = provider.GetRequiredService<IOptions<AuditOptions>>().Value.DatabasePath;
            return new SqliteAuditStore(Path.IsPathRooted(path) ? path : Path.Combine(gateway.DataDirectory, path));
        });
        services.AddSingleton(provider =>
        {
            var gateway = provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return AuditKeyFile.Load(provider.GetRequiredService<IOptions<AuditOptions>>().Value, gateway.Mode == GatewayMode.Sandbox, gateway.DataDirectory);
        });
        services.AddSingleton<GatewayAudit>();
        services.AddHostedService(provider => provider.GetRequiredService<GatewayAudit>());
        return builder;
    }
}

[OptionsValidator]
internal sealed partial class AuditOptionsValidator : IValidateOptions<AuditOptions>;
