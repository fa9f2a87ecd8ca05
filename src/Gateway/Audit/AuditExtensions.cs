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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, ProductionAuditValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, AuditProductionRules>());
        services.TryAddSingleton(provider => AuditSetup.Store(provider.GetRequiredService<IOptions<AuditOptions>>().Value, provider.GetRequiredService<IOptions<GatewayOptions>>().Value.DataDirectory));
        services.TryAddSingleton(provider => AuditSetup.Trust(
            provider.GetRequiredService<IOptions<AuditOptions>>().Value,
            provider.GetRequiredService<IOptions<GatewayOptions>>().Value.Mode == GatewayMode.Sandbox,
            [provider.GetRequiredService<GatewayCertificates>().Signing]));
        services.AddSingleton(provider =>
        {
            var gateway = provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return AuditKeyFile.Load(provider.GetRequiredService<IOptions<AuditOptions>>().Value, gateway.Mode == GatewayMode.Sandbox, gateway.DataDirectory);
        });
        services.AddSingleton<GatewayAudit>();
        services.AddHostedService(provider => provider.GetRequiredService<GatewayAudit>());
        services.AddSingleton<IStartupCheck>(provider => provider.GetRequiredService<GatewayAudit>());
        return builder;
    }
}

[OptionsValidator]
internal sealed partial class AuditOptionsValidator : IValidateOptions<AuditOptions>;

/// <summary>
/// Production anchors checkpoints outside the database: without a witness, a tail cut together with its checkpoint
/// rows could not be told from a chain that simply ended there (docs/audit.md).
/// </summary>
internal sealed class ProductionAuditValidator(IConfiguration configuration) : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        // Read from configuration, not IOptions<GatewayOptions>, whose own validator already depends on the audit options.
        var gateway = new GatewayOptions();
        configuration.GetSection(GatewayOptions.Section).Bind(gateway);
        if (gateway.Mode != GatewayMode.Production)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.WitnessDirectory))
        {
            return ValidateOptionsResult.Fail($"{AuditOptions.Section}:{nameof(AuditOptions.WitnessDirectory)} is required in Production: checkpoints must also be kept outside the audit database, on a volume of their own.");
        }

        var witness = Path.GetFullPath(options.WitnessDirectory) + Path.DirectorySeparatorChar;
        return witness.StartsWith(Path.GetFullPath(gateway.DataDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? ValidateOptionsResult.Fail($"{AuditOptions.Section}:{nameof(AuditOptions.WitnessDirectory)} lies inside {GatewayOptions.Section}:{nameof(GatewayOptions.DataDirectory)}: the witness must be on another volume than the database it witnesses.")
            : ValidateOptionsResult.Success;
    }
}
