using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Gateway.Callers;
using VrijwilligeOppas.Gateway.Central;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Management;
using VrijwilligeOppas.Gateway.Contracts;
using VrijwilligeOppas.Gateway.Health;
using VrijwilligeOppas.Gateway.Ksz;
using VrijwilligeOppas.Gateway.Reliability;
using VrijwilligeOppas.Gateway.Sandbox;
using VrijwilligeOppas.Gateway.Telemetry;
using VrijwilligeOppas.Gateway.Trust;

if (args is ["--probe", var probeUrl])
{
    return await HealthProbe.RunAsync(probeUrl);
}

if (args is ["audit", ..])
{
    // The operator's audit commands need only the audit settings, and serve nothing.
    return await AuditCommand.RunAsync(args);
}

try
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddGatewayConfiguration();
    builder.AddGatewayTelemetry();
    builder.AddGatewayTrust();
    builder.AddCallerAuthentication();
    builder.AddGatewayAudit();
    builder.AddGatewayReliability();
    var central = builder.AddCentralService();
    builder.AddSandbox(central);
    builder.AddKszEndpoint(central);
    builder.Services.AddGatewayHealthChecks();
    builder.AddManagementConsole();

    var app = builder.Build();
    await StartupChecks.RunAsync(app.Services, CancellationToken.None);

    app.UseManagementConsole();
    app.UseCallerAuthentication();
    app.MapContractSchemas();
    app.MapKszEndpoint();
    app.MapTestConnectionService();
    app.MapGatewayHealth();

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupChecks.IsTheProcess && StartupChecks.Describe(ex) is { } refusal)
{
    // A configuration the gateway will not run with: one line for the operator, no stack trace.
    await Console.Error.WriteLineAsync("vo-gateway: not started: " + refusal);
    return StartupChecks.RefusedExitCode;
}

/// <summary>The gateway host; public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
