using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// In production INSZ numbers travel to the central service: never in clear, and never to a server whose
/// certificate went unchecked.
/// </summary>
internal sealed class CentralProductionRules(IConfiguration configuration) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        if (options.Mode != GatewayMode.Production)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = CentralService.Destinations(configuration)
            .Where(d => !Uri.TryCreate(d.Address, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps)
            .Select(d => $"{d.Key} must be an https:// address in Production (it is '{d.Address}'): messages carry INSZ numbers.")
            .ToList();
        var dangerous = $"ReverseProxy:Clusters:{CentralService.ClusterId}:HttpClient:DangerousAcceptAnyServerCertificate";
        if (configuration.GetValue<bool>(dangerous))
        {
            failures.Add($"{dangerous} is true: in Production the central service's TLS certificate must be validated (see Trust:CentralTlsCaPath).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
