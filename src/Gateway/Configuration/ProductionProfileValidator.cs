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
        if (options.Instances > 1 && audit.Value.Store == AuditStoreKind.Sqlite)
        {
            failures.Add($"Gateway:Instances is {options.Instances} but Audit:Store is Sqlite: several instances need one shared PostgreSQL audit store (Audit:Store=PostgreSql).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
