using System.Text;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Gateway.Callers;
using VrijwilligeOppas.Gateway.Trust;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Ksz;
using VrijwilligeOppas.Gateway.Telemetry;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Mapping.Rules;
using VrijwilligeOppas.Security;
using VrijwilligeOppas.Gateway.Reliability;
using VrijwilligeOppas.Gateway.Central;
using Microsoft.Extensions.Hosting.Internal;

namespace VrijwilligeOppas.Gateway.Tests;

public class InternalFailureTests
{
    [Fact]
    public async Task Exchange_UnexpectedFailureWhileForwarding_AnswersGatewayInterneFoutAndNothingElse()
    {
        var registry = DienstRegistry.Parse(File.OpenText(RepoPaths.Combine("reference", "diensten-sandbox.csv")));
        var store = new SqliteAuditStore(Path.Combine(Directory.CreateTempSubdirectory("vo-internal-").FullName, "audit.db"));
        var keys = new AuditKeys("k", new Dictionary<string, byte[]> { ["k"] = new byte[32] }, new byte[32]);
        using var audit = new GatewayAudit(store, keys, new AuditTrust([TestCertificates.PublicOnly(TestCertificates.Gateway)]), Options.Create(new AuditOptions { Instance = "test" }), Options.Create(new GatewayOptions()), new GatewayCertificates(TestCertificates.Gateway, TestCertificates.Central, null), TimeProvider.System, NullLogger<GatewayAudit>.Instance);
        await audit.StartAsync(CancellationToken.None);
        var telemetry = new GatewayTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var reliability = Options.Create(new ReliabilityOptions());
        var middleware = new KszExchangeMiddleware(
            _ => throw new InvalidOperationException("simulated bug in the forwarding pipeline"),
            new KszMessageReader(1 << 24), registry, Options.Create(new GatewayOptions()), TimeProvider.System,
            new CentralForwarder(
                new WsSecuritySigner(TestCertificates.Gateway, TimeProvider.System),
                new WsSecurityVerifier(TestCertificates.Central, TimeSpan.FromMinutes(5), TimeProvider.System),
                new CentralRetryPolicy(reliability, new Random(1)), Options.Create(new GatewayOptions()), TimeProvider.System, telemetry, NullLogger<CentralForwarder>.Instance),
            new ExchangeGate(reliability, Options.Create(new GatewayOptions()), new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), TimeProvider.System, telemetry),
            CallerDirectory.Create(new CallerOptions(), TimeProvider.System),
            new KszResponder(audit, TimeProvider.System, telemetry, NullLogger<KszResponder>.Instance),
            NullLogger<KszExchangeMiddleware>.Instance);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "text/xml; charset=utf-8";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(KszMessages.Send(new KszMessages.P())));
        context.Response.Body = new MemoryStream();

        await middleware.InvokeAsync(context);

        var answer = new KszAnswer(context.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(["GATEWAY_INTERNE_FOUT"], answer.ReasonCodes);
        Assert.Empty(SchemaValidation.KszErrors(answer.Body));
        await audit.StopAsync(CancellationToken.None);
        var recorded = new List<AuditRecord>();
        await foreach (var record in store.ReadChainAsync("test", CancellationToken.None))
        {
            recorded.Add(record);
        }

        Assert.Equal([(AuditStage.Forwarding, null), (AuditStage.Outcome, "GATEWAY_INTERNE_FOUT")], recorded.Select(r => (r.Stage, r.ReasonCode)));
    }
}
