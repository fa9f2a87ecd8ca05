using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Audit;

public static class AuditExtensions
{
    /// <summary>The audit store, keys and this instance's chain, opened before the gateway serves.</summary>
    public static WebApplicationBuilder AddGatewayAudit(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.TryAddSingleton<IAuditStore>(provider =>
        {
            var audit = provider.GetRequiredService<IOptions<AuditOptions>>().Value;
            if (audit.Store == AuditStoreKind.PostgreSql)
            {
                return new PostgresAuditStore(Npgsql.NpgsqlDataSource.Create(audit.ConnectionString
                    ?? throw new InvalidOperationException($"{AuditOptions.Section}:ConnectionString is required with {AuditOptions.Section}:Store PostgreSql.")));
            }

            var gateway = provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new SqliteAuditStore(Path.IsPathRooted(audit.DatabasePath) ? audit.DatabasePath : Path.Combine(gateway.DataDirectory, audit.DatabasePath));
        });
        services.AddSingleton(provider =>
        {
            var gateway = provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return AuditKeyFile.Load(provider.GetRequiredService<IOptions<AuditOptions>>().Value, gateway.Mode == GatewayMode.Sandbox, gateway.DataDirectory);
        });
        services.AddSingleton<GatewayAudit>();
        services.AddHostedService(provider => provider.GetRequiredService<GatewayAudit>());
        return builder;
    }
}

[OptionsValidator]
internal sealed partial class AuditOptionsValidator : IValidateOptions<AuditOptions>;
