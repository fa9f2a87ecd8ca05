using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>Several instances append to one audit store only if it is shared: one SQLite file is not.</summary>
internal sealed class AuditProductionRules(IOptions<AuditOptions> audit) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
        options.Mode == GatewayMode.Production && options.Instances > 1 && audit.Value.Store == AuditStoreKind.Sqlite
            ? ValidateOptionsResult.Fail($"Gateway:Instances is {options.Instances} but Audit:Store is Sqlite: several instances need one shared PostgreSQL audit store (Audit:Store=PostgreSql).")
            : ValidateOptionsResult.Success;
}
