using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Trust;

namespace VrijwilligeOppas.Gateway.Audit;

public static class AuditExtensions
{
    /// <summary>The audit store, keys and this instance's chain, opened before the gateway serves.</summary>
    public static WebApplicationBuilder AddGatewayAudit(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.TryAddSingleton(provider => AuditSetup.Store(provider.GetRequiredService<IOptions<AuditOptions>>().Value, provider.GetRequiredService<IOptions<GatewayOptions>>().Value.DataDirectory));
        services.TryAddSingleton(provider =>
        {
            // In sandbox mode this makes sure the development signing certificate exists before it is looked for.
            _ = provider.GetRequiredService<GatewayCertificates>();
            var gateway = provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return AuditSetup.Trust(
                provider.GetRequiredService<IOptions<AuditOptions>>().Value,
                gateway.Mode == GatewayMode.Sandbox,
                gateway.DataDirectory,
                builder.Configuration[$"{TrustOptions.Section}:{nameof(TrustOptions.SigningCertificatePath)}"]);
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
