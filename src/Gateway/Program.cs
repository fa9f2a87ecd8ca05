using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Gateway.Callers;
using VrijwilligeOppas.Gateway.Central;
using VrijwilligeOppas.Gateway.Configuration;
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

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayConfiguration();
builder.AddGatewayTelemetry();
builder.AddGatewayTrust();
builder.AddCallerAuthentication();
builder.AddGatewayAudit();
builder.Services.AddKszEndpoint();
var centralProxy = builder.AddCentralServiceProxy();
builder.AddSandbox(centralProxy);
builder.AddGatewayReliability(centralProxy);
builder.Services.AddGatewayHealthChecks();

var app = builder.Build();

if (args is ["audit", var command, .. var rest])
{
    // The operator's audit commands run with the gateway's own configuration, and serve nothing.
    var arguments = rest.Chunk(2).Where(pair => pair is [['-', '-', ..], _]).ToDictionary(pair => pair[0][2..], pair => pair[1]);
    return await AuditCommand.RunAsync(command, arguments, app.Services, Console.Out, CancellationToken.None);
}

app.UseCallerAuthentication();
app.MapContracts();
app.MapKszEndpoint();
app.MapTestConnectionService();
app.MapGatewayHealth();

await app.RunAsync();
return 0;

/// <summary>The gateway host; public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
