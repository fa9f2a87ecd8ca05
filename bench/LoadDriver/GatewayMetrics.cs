using System.Globalization;

namespace VrijwilligeOppas.LoadDriver;

/// <summary>
/// The gateway's own counters, scraped from its Prometheus endpoint (the management listener the driver opens on
/// loopback), so that a row can say what a message cost inside the gateway: bytes allocated, and how long its audit
/// records and its central round trip took. Differences between two scrapes; histograms as sum and count.
/// </summary>
internal sealed record GatewayMetrics(double AllocatedBytes, double AuditMs, double AuditRecords, double CentralMs, double CentralCalls)
{
    // The runtime's own meter (System.Runtime, .NET 9 and later) and the gateway's (docs/operations.md).
    private const string Allocated = "dotnet_gc_heap_total_allocated_bytes_total";
    private const string Audit = "vo_gateway_audit_append_duration_milliseconds";
    private const string Central = "vo_gateway_central_duration_milliseconds";

    public static async Task<GatewayMetrics> ScrapeAsync(Uri metricsUrl, CancellationToken cancellationToken)
    {
        using var client = new HttpClient();
        var text = await client.GetStringAsync(metricsUrl, cancellationToken);
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{labels} value [timestamp]: every series of one name is added up, whatever its labels.
            var nameEnd = line.IndexOfAny(['{', ' ']);
            var valueStart = line.IndexOf(' ', line.LastIndexOf('}') + 1) + 1;
            var valueEnd = line.IndexOf(' ', valueStart) is > 0 and var end ? end : line.Length;
            if (nameEnd > 0 && valueStart > 0 && double.TryParse(line.AsSpan(valueStart, valueEnd - valueStart), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                var name = line[..nameEnd];
                sums[name] = sums.GetValueOrDefault(name) + value;
            }
        }

        double Get(string name) => sums.TryGetValue(name, out var value) ? value
            : throw new InvalidOperationException($"The gateway's /metrics has no {name}: the driver and the gateway disagree on instrument names.");

        return new(Get(Allocated), Get(Audit + "_sum"), Get(Audit + "_count"), Get(Central + "_sum"), Get(Central + "_count"));
    }

    public static GatewayMetrics operator -(GatewayMetrics after, GatewayMetrics before) => new(
        after.AllocatedBytes - before.AllocatedBytes, after.AuditMs - before.AuditMs, after.AuditRecords - before.AuditRecords,
        after.CentralMs - before.CentralMs, after.CentralCalls - before.CentralCalls);

    public double AllocatedKbPer(long messages) => AllocatedBytes / 1024 / Math.Max(1, messages);

    public double MeanAuditMs => AuditRecords > 0 ? AuditMs / AuditRecords : double.NaN;

    public double MeanCentralMs => CentralCalls > 0 ? CentralMs / CentralCalls : double.NaN;

    public double AuditRecordsPer(long messages) => AuditRecords / Math.Max(1, messages);
}
