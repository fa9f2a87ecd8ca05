namespace VrijwilligeOppas.Gateway.Health;

public static class HealthExtensions
{
    private const string Ready = "ready";

    public static IServiceCollection AddGatewayHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<CentralClusterHealthCheck>("central-service", tags: [Ready])
            .AddCheck<SandboxHealthCheck>("sandbox-emulator", tags: [Ready])
            .AddCheck<Trust.CertificateHealthCheck>("certificates", tags: [Ready])
            .AddCheck<Audit.AuditHealthCheck>("audit", tags: [Ready]);
        return services;
    }

    /// <summary><c>/health/live</c>: the process serves. <c>/health/ready</c>: it can also reach the central service.</summary>
    public static WebApplication MapGatewayHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(Ready) });
        return app;
    }
}
