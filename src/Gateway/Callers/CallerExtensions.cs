using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Callers;

public static partial class CallerExtensions
{
    /// <summary>
    /// Client certificates on every HTTPS endpoint, and from the configured proxies' header. The TLS handshake
    /// accepts any certificate: the gateway decides after it, against <c>Callers:Clients</c>, so that an OCMW with
    /// the wrong certificate gets an SSDN reply with a Dutch diagnostic instead of a failed handshake.
    /// </summary>
    public static WebApplicationBuilder AddCallerAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CallerOptions>().BindConfiguration(CallerOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallerOptions>, CallerOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallerOptions>, CallerModeValidator>());
        builder.Services.AddSingleton(provider => CallerDirectory.Create(provider.GetRequiredService<IOptions<CallerOptions>>().Value, provider.GetRequiredService<TimeProvider>()));

        var mode = builder.Configuration.GetValue($"{GatewayOptions.Section}:{nameof(GatewayOptions.CallerAuthentication)}", CallerAuthentication.None);
        if (mode == CallerAuthentication.ClientCertificate)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = static (_, _, _) => true;
            }));
            var header = builder.Configuration[$"{CallerOptions.Section}:Forwarded:Header"] ?? new ForwardedCertificateOptions().Header;
            builder.Services.AddCertificateForwarding(forwarding =>
            {
                forwarding.CertificateHeader = header;
                forwarding.HeaderConverter = ForwardedCertificate.Parse;
            });
        }

        return builder;
    }

    /// <summary>Believes the forwarded-certificate header only from the configured proxy addresses.</summary>
    public static WebApplication UseCallerAuthentication(this WebApplication app)
    {
        // Resolved here so that a bad Callers section stops the start, not the first message.
        var callers = app.Services.GetRequiredService<CallerDirectory>();
        if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.CallerAuthentication != CallerAuthentication.ClientCertificate)
        {
            LogNotAuthenticated(app.Logger);
            return app;
        }

        app.UseWhen(
            context => context.Connection.RemoteIpAddress is { } address && callers.Proxies.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address),
            proxied => proxied.UseCertificateForwarding());
        return app;
    }

    [LoggerMessage(EventId = 101, EventName = "CallersNotAuthenticated", Level = LogLevel.Warning,
        Message = "Callers are NOT authenticated (Gateway:CallerAuthentication is None): the OrgUnit in each message is trusted as the caller's identity. Sandbox only; never expose this configuration.")]
    private static partial void LogNotAuthenticated(ILogger logger);
}

/// <summary>With client certificates required, an empty client list would refuse everybody: a configuration error.</summary>
internal sealed class CallerModeValidator(IOptions<GatewayOptions> gateway) : IValidateOptions<CallerOptions>
{
    public ValidateOptionsResult Validate(string? name, CallerOptions options) =>
        gateway.Value.CallerAuthentication == CallerAuthentication.ClientCertificate && options.Clients.Count == 0
            ? ValidateOptionsResult.Fail($"Gateway:CallerAuthentication is ClientCertificate but {CallerOptions.Section}:Clients is empty: configure each OCMW's certificate and ondernemingsnummer.")
            : ValidateOptionsResult.Success;
}
