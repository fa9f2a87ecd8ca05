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

        var cluster = $"ReverseProxy:Clusters:{CentralService.ClusterId}";
        var failures = configuration.GetSection($"{cluster}:Destinations").GetChildren()
            .Where(d => !Uri.TryCreate(d["Address"], UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps)
            .Select(d => $"{cluster}:Destinations:{d.Key}:Address must be an https:// address in Production (it is '{d["Address"]}'): messages carry INSZ numbers.")
            .ToList();
        if (configuration.GetValue<bool>($"{cluster}:HttpClient:DangerousAcceptAnyServerCertificate"))
        {
            failures.Add($"{cluster}:HttpClient:DangerousAcceptAnyServerCertificate is true: in Production the central service's TLS certificate must be validated (see Trust:CentralTlsCaPath).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
