using Microsoft.Extensions.Options;

namespace VrijwilligeOppas.Gateway.Configuration;

[OptionsValidator]
internal sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>;

/// <summary>Rules across settings that attributes cannot say.</summary>
internal sealed class GatewayModeValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        if (options.Mode == GatewayMode.Production && options.CallerAuthentication == CallerAuthentication.None)
        {
            return ValidateOptionsResult.Fail(
                "Gateway:Mode is Production but Gateway:CallerAuthentication is None: production must authenticate its callers.");
        }

        return ValidateOptionsResult.Success;
    }
}
