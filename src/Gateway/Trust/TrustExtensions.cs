using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Trust;

public static class TrustExtensions
{
    /// <summary>Certificates, the WS-Security signer and verifier, and the expiry watch.</summary>
    public static WebApplicationBuilder AddGatewayTrust(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TrustOptions>().BindConfiguration(TrustOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustOptions>, TrustOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustOptions>, ProductionTrustValidator>());
        services.AddSingleton(provider =>
        {
            var gateway = provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return GatewayCertificates.Load(
                provider.GetRequiredService<IOptions<TrustOptions>>().Value,
                gateway.Mode == GatewayMode.Sandbox,
                gateway.DataDirectory,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger("VrijwilligeOppas.Gateway.Trust"));
        });
        services.AddSingleton(provider => new WsSecuritySigner(provider.GetRequiredService<GatewayCertificates>().Signing, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new WsSecurityVerifier(
            provider.GetRequiredService<GatewayCertificates>().Central,
            provider.GetRequiredService<IOptions<TrustOptions>>().Value.ClockSkew,
            provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<CertificateExpiryMonitor>();
        return builder;
    }
}

[OptionsValidator]
internal sealed partial class TrustOptionsValidator : IValidateOptions<TrustOptions>;

/// <summary>Outside the sandbox nothing is generated: both certificates must be configured.</summary>
internal sealed class ProductionTrustValidator(IOptions<GatewayOptions> gateway) : IValidateOptions<TrustOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustOptions options)
    {
        if (gateway.Value.Mode != GatewayMode.Production)
        {
            return ValidateOptionsResult.Success;
        }

        var missing = new[] { (nameof(TrustOptions.SigningCertificatePath), options.SigningCertificatePath), (nameof(TrustOptions.CentralCertificatePath), options.CentralCertificatePath) }
            .Where(setting => string.IsNullOrWhiteSpace(setting.Item2))
            .Select(setting => $"{TrustOptions.Section}:{setting.Item1} is required in Production (the gateway signs every message and pins the central service's certificate).")
            .ToList();
        return missing.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(missing);
    }
}
