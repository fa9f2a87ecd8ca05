using System.Text;
using Microsoft.Extensions.DependencyInjection;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>The audit log through the real gateway: one verifiable record per message, whatever its outcome; fail closed.</summary>
public class AuditTests
{
    [Fact]
    public async Task EveryOperationAndOutcome_LeavesExactlyOneRecord_InAnIntactChain_WithoutPlaintextInsz()
    {
        using var gateway = new GatewayFactory();
        var sent = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        var consulted = await gateway.PostAsync(KszMessages.Consult());
        var deleted = await gateway.PostAsync(KszMessages.Delete(["a", "never-sent"]));
        var refused = await gateway.PostAsync(KszMessages.Send([new KszMessages.P("b")], erkenningsnummer: "321"));
        var fault = await gateway.PostAsync("not xml");
        var audit = gateway.Services.GetRequiredService<GatewayAudit>();
        var store = gateway.Services.GetRequiredService<IAuditStore>();
        var keys = gateway.Services.GetRequiredService<AuditKeys>();

        var chain = await ToListAsync(store.ReadChainAsync(audit.Instance, CancellationToken.None));
        var records = chain.Where(r => r.Stage == AuditStage.Outcome).ToList();
        var verification = await AuditVerifier.VerifyAsync(store, gateway.Services.GetRequiredService<AuditTrust>(), CancellationToken.None);

        Assert.True(verification.IsIntact, string.Join("; ", verification.Chains.SelectMany(c => c.Problems)));
        Assert.Equal([sent.Ticket, consulted.Ticket, deleted.Ticket, refused.Ticket], records.Take(4).Select(r => r.Ticket));
        Assert.Equal(5, records.Count);
        Assert.Equal([sent.Ticket, consulted.Ticket, deleted.Ticket], chain.Where(r => r.Stage == AuditStage.Forwarding).Select(r => r.Ticket)); // only what reached the central service
        Assert.All(chain.Where(r => r.Stage == AuditStage.Forwarding), r => Assert.True(chain.IndexOf(r) < chain.FindIndex(o => o.Ticket == r.Ticket && o.Stage == AuditStage.Outcome)));
        Assert.Empty(verification.Chains.Single().OutcomeUnknown);
        Assert.Equal(["send", "consult", "delete", "send", null], records.Select(r => r.Operation));
        Assert.Equal([0, 0, 1, 10000, 10000], records.Select(r => r.ReturnCode));
        Assert.Equal("DIENST_ONBEKEND", records[3].ReasonCode);
        Assert.Equal("SOAP_FAULT_CLIENT", records[4].ReasonCode);
        Assert.Equal((1, 1), (records[2].ItemsAccepted, records[2].ItemsRefused));
        Assert.All(records.Take(4), r => Assert.Equal("0212344876", r.Ondernemingsnummer));

        // The consult names the subjects it found; the staff member is searchable in every readable message.
        var bySubject = await ToListAsync(store.ReadAsync(GatewayFactory.DefaultNow.AddDays(-1), GatewayFactory.DefaultNow.AddDays(1), keys.BlindIndex(KszMessages.VrijwilligerInsz), CancellationToken.None));
        Assert.Equal([sent.Ticket, consulted.Ticket, refused.Ticket], bySubject.Where(r => r.Stage == AuditStage.Outcome).Select(r => r.Ticket));
        var personal = keys.Unprotect(records[1].KeyId, records[1].Personal, AuditRecord.AssociatedData(records[1].Instance, records[1].Sequence, records[1].Ticket));
        Assert.Equal(KszMessages.StaffInsz, personal.User);
        Assert.Contains(KszMessages.VrijwilligerInsz, personal.Subjects);

        var database = string.Concat(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "audit")).Where(f => !f.EndsWith(".json", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal)).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain(KszMessages.StaffInsz, database, StringComparison.Ordinal);
        Assert.DoesNotContain(KszMessages.VrijwilligerInsz, database, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CentralFailures_AndManyParallelRequests_AreEachRecordedOnce()
    {
        var fail = true;
        await using var stub = await StubCentral.StartAsync((context, request) => fail ? StubCentral.Fault(context, Mapping.Exchange.SoaCodes.Unavailable) : StubCentral.AcceptAll(context, request));
        using var gateway = new GatewayFactory(settings: stub.Settings);

        var failed = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        fail = false;
        var parallel = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => gateway.PostAsync(KszMessages.Send(new KszMessages.P($"p{i}")))));
        var store = gateway.Services.GetRequiredService<IAuditStore>();
        var records = await ToListAsync(store.ReadChainAsync(gateway.Services.GetRequiredService<GatewayAudit>().Instance, CancellationToken.None));

        var outcomes = records.Where(r => r.Stage == AuditStage.Outcome).ToList();
        Assert.Equal("CENTRALE_DIENST_ONBESCHIKBAAR", outcomes.Single(r => r.Ticket == failed.Ticket).ReasonCode);
        Assert.Equal(parallel.Select(p => p.Ticket).Append(failed.Ticket).Order(), outcomes.Select(r => r.Ticket).Order());
        Assert.Equal(outcomes.Select(r => r.Ticket).Order(), records.Where(r => r.Stage == AuditStage.Forwarding).Select(r => r.Ticket).Order());
        Assert.True((await AuditVerifier.VerifyAsync(store, gateway.Services.GetRequiredService<AuditTrust>(), CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task StoreDown_FailsClosed_AndNothingIsForwardedUntilItIsBack()
    {
        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll);
        FlakyAuditStore? flaky = null;
        using var gateway = new GatewayFactory(settings: stub.Settings)
        {
            Replace = services => services.AddSingleton<IAuditStore>(provider => flaky = new FlakyAuditStore(new SqliteAuditStore(
                Path.Combine(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.GatewayOptions>>().Value.DataDirectory, "audit", "audit.db")))),
        };

        var before = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        flaky!.Down = true;
        var applied = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("b"))); // its record before sending fails: not sent
        var held = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("c")));
        using (var health = await gateway.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(503, (int)health.StatusCode);
        }

        flaky.Down = false;
        var probe = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("d")));
        var after = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("e")));

        Assert.Equal(0, before.ReturnCode);
        Assert.Equal(["AUDIT_ONBESCHIKBAAR"], applied.ReasonCodes);
        Assert.Equal(["AUDIT_ONBESCHIKBAAR"], held.ReasonCodes);
        Assert.Equal(0, probe.ReturnCode);
        Assert.Equal(0, after.ReturnCode);
        Assert.Equal("Healthy", await gateway.CreateClient().GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
        Assert.Equal(3, stub.Requests); // a, d, e: nothing leaves whose record before sending was not taken
        Assert.Contains(gateway.Logs, line => line.StartsWith("Critical", StringComparison.Ordinal) && line.Contains("AUDIT_ONBESCHIKBAAR", StringComparison.Ordinal));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
