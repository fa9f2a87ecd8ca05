using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Central;
using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Sandbox;

/// <summary>The production profile must not send to the emulator's placeholder address.</summary>
internal sealed class SandboxProductionRules(IConfiguration configuration) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        if (options.Mode != GatewayMode.Production)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = CentralService.Destinations(configuration)
            .Where(d => Uri.TryCreate(d.Address, UriKind.Absolute, out var address) && string.Equals(address.Host, SandboxConnector.Host, StringComparison.OrdinalIgnoreCase))
            .Select(d => $"{d.Key} is the sandbox emulator's placeholder ({SandboxConnector.Host}); in Production it must be the central service.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
