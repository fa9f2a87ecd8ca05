using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using VrijwilligeOppas.Gateway.Telemetry;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>Spans and metrics carry tickets, references and codes for operators, and never an INSZ.</summary>
public sealed class TelemetryTests : IDisposable
{
    private static readonly string[] Insz = [KszMessages.StaffInsz, KszMessages.GebruikerInsz, KszMessages.VrijwilligerInsz, "48010145645", "4801014564", "05031298769"];

    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Instrument, KeyValuePair<string, object?>[] Tags)> _measurements = new();
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();
    private readonly ConcurrentQueue<Instrument> _instruments = new();

    public TelemetryTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            _instruments.Enqueue(instrument);
            listener.EnableMeasurementEvents(instrument);
        };
        _meterListener.SetMeasurementEventCallback<long>((i, _, tags, _) => _measurements.Enqueue((i.Name, tags.ToArray())));
        _meterListener.SetMeasurementEventCallback<int>((i, _, tags, _) => _measurements.Enqueue((i.Name, tags.ToArray())));
        _meterListener.SetMeasurementEventCallback<double>((i, _, tags, _) => _measurements.Enqueue((i.Name, tags.ToArray())));
        _meterListener.Start();
    }

    [Fact]
    public async Task EveryOperationAndRefusal_LeavesSpansAndMetricsWithoutInsz()
    {
        using var gateway = new GatewayFactory();
        // The Reference is the OCMW's free text; here it holds an INSZ, as nothing stops an OCMW from doing.
        var sent = await gateway.PostAsync(KszMessages.Send([new KszMessages.P("a"), new KszMessages.P("b", Gebruiker: "48010145645")], reference: $"dossier {KszMessages.GebruikerInsz}"));
        await gateway.PostAsync(KszMessages.AsConnector(KszMessages.Consult(gebruiker: KszMessages.GebruikerInsz)));
        await gateway.PostAsync(KszMessages.Delete(["a", "zz"]));
        await gateway.PostAsync(KszMessages.Send(new KszMessages.P("c", Gebruiker: "4801014564")));
        await gateway.PostAsync(KszMessages.Send([new KszMessages.P("d", Vrijwilliger: "05031298769")], userId: "85073003327"));
        await gateway.PostAsync("not xml");
        _meterListener.RecordObservableInstruments();

        var exchange = Assert.Single(_spans, s => s.OperationName == "ksz.exchange" && Equals(s.GetTagItem("ksz.ticket"), sent.Ticket));
        Assert.DoesNotContain(exchange.TagObjects, tag => tag.Key == "ksz.reference");
        Assert.Equal(1, exchange.GetTagItem("ksz.return_code"));
        Assert.Contains(_spans, s => s.OperationName == "central.forward" && s.ParentSpanId == exchange.SpanId);
        Assert.All(_spans.Where(s => s.Source.Name == GatewayTelemetry.Name && s.TraceId == exchange.TraceId), s => Assert.Equal(sent.Ticket, s.GetTagItem("ksz.ticket")));
        Assert.Equal(["audit.append", "audit.forwarding", "central.forward", "central.sign", "central.verify", "ksz.admit", "ksz.exchange", "ksz.parse"],
            _spans.Where(s => s.Source.Name == GatewayTelemetry.Name && s.TraceId == exchange.TraceId).Select(s => s.OperationName).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(_spans, s => s.OperationName == "ksz.exchange" && s.Status == ActivityStatusCode.Error && Equals(s.GetTagItem("ksz.reason_code"), "BERICHT_ONGELDIG"));
        Assert.Contains(_measurements, m => m.Instrument == "vo.gateway.messages" && m.Tags.Contains(new("operation", "OCMWCPASVrijwilligeOppasSend")));
        Assert.Contains(_measurements, m => m.Instrument == "vo.gateway.refusals" && m.Tags.Contains(new("reason_code", "AANVRAGER_ONGELDIG")));

        var everyTagValue = _spans.SelectMany(s => s.TagObjects.Select(t => $"{s.OperationName} {t.Key}={t.Value}").Append($"{s.DisplayName} {s.StatusDescription}"))
            .Concat(_measurements.SelectMany(m => m.Tags.Select(t => $"{m.Instrument} {t.Key}={t.Value}")))
            .ToList();
        Assert.NotEmpty(everyTagValue);
        foreach (var value in everyTagValue)
        {
            Assert.DoesNotContain(Insz, number => value.Contains(number, StringComparison.Ordinal));
            Assert.DoesNotContain("dossier", value, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(gateway.Logs, line => line.Contains("dossier", StringComparison.Ordinal));
    }

    /// <summary>Operators configure exporters and alerts by these names: what the gateway emits is what docs/operations.md names.</summary>
    [Fact]
    public async Task Telemetry_EmittedNames_AreTheDocumentedOnes()
    {
        using var gateway = new GatewayFactory();
        await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        var operations = File.ReadAllText(RepoPaths.Combine("docs", "operations.md"));

        var ours = _instruments.Where(i => i.Meter.Name == GatewayTelemetry.Name).Select(i => i.Name).Distinct().ToList();

        Assert.Contains($"meter `{GatewayTelemetry.Name}`", operations, StringComparison.Ordinal);
        Assert.Contains(_spans, s => s.Source.Name == GatewayTelemetry.Name && s.OperationName == "ksz.exchange");
        Assert.Contains("vo.gateway.messages", ours);
        Assert.All(ours, name => Assert.Contains($"`{name}`", operations, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
    }
}
