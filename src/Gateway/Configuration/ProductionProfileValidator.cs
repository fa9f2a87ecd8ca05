using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Gateway.Sandbox;

namespace VrijwilligeOppas.Gateway.Configuration;

/// <summary>
/// The production profile (<c>Gateway:Mode</c> = <c>Production</c>) refuses what only a sandbox may do: the emulator's
/// placeholder address as the central service, and one SQLite audit file for several instances. Caller
/// authentication, certificates and audit keys are checked by their own validators.
/// </summary>
internal sealed class ProductionProfileValidator(IConfiguration configuration, IOptions<AuditOptions> audit) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        if (options.Mode != GatewayMode.Production)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        var sandboxDestinations = configuration.GetSection("ReverseProxy:Clusters:central:Destinations").GetChildren()
            .Where(d => Uri.TryCreate(d["Address"], UriKind.Absolute, out var address) && string.Equals(address.Host, SandboxConnector.Host, StringComparison.OrdinalIgnoreCase))
            .Select(d => d.Key);
        failures.AddRange(sandboxDestinations.Select(d =>
            $"ReverseProxy:Clusters:central:Destinations:{d}:Address is the sandbox emulator's placeholder ({SandboxConnector.Host}); in Production it must be the central service."));
        // INSZ numbers travel in these messages: never in clear, and never to a server whose certificate went unchecked.
        var destinations = configuration.GetSection("ReverseProxy:Clusters:central:Destinations").GetChildren();
        failures.AddRange(destinations
            .Where(d => !Uri.TryCreate(d["Address"], UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps)
            .Select(d => $"ReverseProxy:Clusters:central:Destinations:{d.Key}:Address must be an https:// address in Production (it is '{d["Address"]}'): messages carry INSZ numbers."));
        if (configuration.GetValue<bool>("ReverseProxy:Clusters:central:HttpClient:DangerousAcceptAnyServerCertificate"))
        {
            failures.Add("ReverseProxy:Clusters:central:HttpClient:DangerousAcceptAnyServerCertificate is true: in Production the central service's TLS certificate must be validated (see Trust:CentralTlsCaPath).");
        }

        if (options.Instances > 1 && audit.Value.Store == AuditStoreKind.Sqlite)
        {
            failures.Add($"Gateway:Instances is {options.Instances} but Audit:Store is Sqlite: several instances need one shared PostgreSQL audit store (Audit:Store=PostgreSql).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
