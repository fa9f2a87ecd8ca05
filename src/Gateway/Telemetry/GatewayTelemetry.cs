using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VrijwilligeOppas.Gateway.Telemetry;

/// <summary>
/// The gateway's ActivitySource and Meter. Tags carry tickets, operations and codes: never an INSZ, and never the
/// OCMW's free-text Reference, which may hold one (a test runs every operation and refusal and inspects every tag).
/// </summary>
public sealed class GatewayTelemetry : IDisposable
{
    public const string Name = "VrijwilligeOppas.Gateway";

    public GatewayTelemetry(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(Name);
        Messages = Meter.CreateCounter<long>("vo.gateway.messages", "{message}", "KSZ messages answered, by operation and ReturnCode");
        Refusals = Meter.CreateCounter<long>("vo.gateway.refusals", "{message}", "Messages refused as a whole, by ReasonCode");
        Prestaties = Meter.CreateHistogram<int>("vo.gateway.message.items", "{prestatie}", "Prestaties or ids per message");
        CentralDuration = Meter.CreateHistogram<double>("vo.gateway.central.duration", "ms", "Time from forwarding to the central service's answer");
        CentralRetries = Meter.CreateCounter<long>("vo.gateway.central.retries", "{attempt}", "Further attempts at the central service, by the reason the previous one failed");
        AuditDuration = Meter.CreateHistogram<double>("vo.gateway.audit.append.duration", "ms", "Time until a message's audit record is durable (group commit included), by outcome");
    }

    public static ActivitySource Source { get; } = new(Name);

    public Meter Meter { get; }

    public Counter<long> Messages { get; }

    public Counter<long> Refusals { get; }

    public Histogram<int> Prestaties { get; }

    public Histogram<double> CentralDuration { get; }

    public Counter<long> CentralRetries { get; }

    public Histogram<double> AuditDuration { get; }

    /// <summary>A child span for one step of the exchange, carrying the exchange's ticket; null when nobody listens.</summary>
    public static Activity? StartStep(string name)
    {
        var parent = Activity.Current;
        return Source.StartActivity(name)?.SetTag("ksz.ticket", parent?.GetTagItem("ksz.ticket"));
    }

    public void Dispose() => Meter.Dispose();
}
