namespace VrijwilligeOppas.LoadDriver;

/// <summary>One scenario against one path: (a) passthrough or (b) gateway.</summary>
internal sealed record Row(string Scenario, string Path, int Prestaties, LoadResult Result, TimeSpan ServerCpu, TimeSpan StubCpu, long ResidentBefore, long Peak, double StubServiceMs, GatewayMetrics? Inside)
{
    public double ServerCpuMsPerMessage => ServerCpu.TotalMilliseconds / Math.Max(1, Result.Succeeded);

    public double StubCpuMsPerMessage => StubCpu.TotalMilliseconds / Math.Max(1, Result.Succeeded);

    public double PeakAddedMb => (Peak - ResidentBefore) / 1e6;
}

/// <summary>Prints the measurements as Markdown tables, ready for docs/performance.md, and the targets of issue 7.</summary>
internal sealed class Report(TextWriter output, DriverOptions options)
{
    private readonly List<Row> _rows = [];

    public bool AllSucceeded => _rows.All(row => row.Result.Failed == 0 && row.Result.Succeeded > 0);

    public void Add(Row row)
    {
        _rows.Add(row);
        output.WriteLine(Driver.Format($"  measured ({row.Path}) {row.Scenario}: {row.Result.Succeeded} ok, {row.Result.Failed} failed"));
    }

    public void Print(IReadOnlyList<(RsaBaseline.Rate One, RsaBaseline.Rate All)> rsa)
    {
        var one = Median(rsa.Select(r => r.One.SignaturesPerSecond));
        var all = Median(rsa.Select(r => r.All.SignaturesPerSecond));
        var signatureCpuMs = Median(rsa.Select(r => r.All.CpuMsPerSignature));
        output.WriteLine();
        output.WriteLine(Driver.Format($"Load driver, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {Build}; `dotnet run -c Release --project bench/LoadDriver -- {options}`"));
        output.WriteLine();
        output.WriteLine(Driver.Format($"(c) RSA-2048 SHA-256 signing, median of {rsa.Count} measurements in this run: {one:N0}/s on 1 thread, {all:N0}/s on {Environment.ProcessorCount} threads ({signatureCpuMs:0.000} ms CPU each)"));
        output.WriteLine();
        output.WriteLine("| scenario | path | ok (failed) | msg/s | p50 ms | p99 ms | server CPU ms/msg | stub CPU ms/msg | server peak RSS MB (added) |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in _rows)
        {
            var r = row.Result;
            output.WriteLine(Driver.Format($"| {row.Scenario} | {(row.Path == "a" ? "(a) passthrough" : "(b) gateway")} | {r.Succeeded} ({r.Failed}) | {r.Throughput:N1} | {r.Percentile(0.5):0.00} | {r.Percentile(0.99):0.00} | {row.ServerCpuMsPerMessage:0.00} | {row.StubCpuMsPerMessage:0.00} | {row.Peak / 1e6:0} ({Math.Round(row.PeakAddedMb):+0;-0;0}) |"));
        }

        output.WriteLine();
        output.WriteLine("Inside the gateway, from its own /metrics over the same interval: bytes the runtime allocated per message, audit records per message and their mean time until durable (group commit included), and the mean central round trip (signing excluded, verification included).");
        output.WriteLine();
        output.WriteLine("| scenario | allocated KB/msg | audit records/msg | audit append ms (mean) | central round trip ms (mean) |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var row in _rows.Where(r => r.Inside is not null))
        {
            var inside = row.Inside!;
            var messages = row.Result.Succeeded + row.Result.Failed;
            output.WriteLine(Driver.Format($"| {row.Scenario} | {inside.AllocatedKbPer(messages):N1} | {inside.AuditRecordsPer(messages):0.00} | {inside.MeanAuditMs:0.00} | {inside.MeanCentralMs:0.00} |"));
        }

        output.WriteLine();
        output.WriteLine("| target (issue 7) | measured in this run | |");
        output.WriteLine("| --- | --- | --- |");
        var busiest = _rows.Where(r => r.Prestaties == 1 && r.Path == "b").MaxBy(r => r.Result.Throughput)!;
        var throughput = busiest.Result.Throughput / all;
        Target($"1 prestatie, full path: throughput ≥ 60 % of the RSA-2048 signing rate (busiest: {busiest.Scenario})",
            $"{throughput:P0} ({busiest.Result.Throughput:N0} msg/s against {all:N0} signatures/s)", throughput >= 0.6);
        var cpuOnly = signatureCpuMs / busiest.ServerCpuMsPerMessage;
        output.WriteLine(Driver.Format($"| … the gateway's CPU alone: one signature's CPU over the gateway's CPU per message (the stub and the driver share these cores) | {cpuOnly:P0} ({busiest.ServerCpuMsPerMessage:0.00} ms per message against {signatureCpuMs:0.00} ms per signature) | {(cpuOnly >= 0.6 ? "met" : "not met")} |"));
        var single = Find("1 prestatie, 1 conn.", "b");
        var added = single.Result.Percentile(0.5) - P50("1 prestatie, 1 conn.", "a");
        Target("1 prestatie, 1 connection: p50 added over (a) ≤ 2 ms", $"{added:0.00} ms", added <= 2);
        var gatewayShare = added - single.StubServiceMs;
        output.WriteLine(Driver.Format($"| … less the stub's own median time per request ({single.StubServiceMs:0.00} ms: reading the request, signing a fresh answer), which a pre-signed answer would not cost | {gatewayShare:0.00} ms | {(gatewayShare <= 2 ? "met" : "not met")} |"));
        var bulk = Find("10,000", "b");
        var half = Find("5,000", "b");
        Target("10 000 prestaties: end to end ≤ 1 s", $"p50 {bulk.Result.Percentile(0.5):N0} ms, slowest {bulk.Result.LatenciesMs.Max():N0} ms ((a): {P50("10,000", "a"):N0} ms)", bulk.Result.Percentile(0.5) <= 1000);
        Target("10 000 prestaties: peak memory added ≤ 100 MB", $"{bulk.PeakAddedMb:N0} MB", bulk.PeakAddedMb <= 100);
        var linear = bulk.Result.Percentile(0.5) / half.Result.Percentile(0.5);
        Target("linear: 10 000 prestaties ≤ 2.2 × the 5 000 case, end to end (a send holds at most 10 000; 20 000 is refused, row above)", $"{linear:0.00} ×", linear <= 2.2);
        var linearCpu = bulk.ServerCpuMsPerMessage / half.ServerCpuMsPerMessage;
        Target("… in gateway CPU per message", $"{linearCpu:0.00} ×", linearCpu <= 2.2);

        output.WriteLine();
        output.WriteLine("| target (issue 20) | measured in this run | |");
        output.WriteLine("| --- | --- | --- |");
        var signatures = busiest.ServerCpuMsPerMessage / signatureCpuMs;
        Target($"1 prestatie: gateway CPU per message ≤ 1.7 × one RSA-2048 signature ({busiest.Scenario})", $"{signatures:0.0} × ({busiest.ServerCpuMsPerMessage:0.00} ms against {signatureCpuMs:0.000} ms)", signatures <= 1.7);
        Target("1 prestatie, 1 connection: p50 added over (a) ≤ 1 ms", $"{added:0.00} ms", added <= 1);
        var bulkOwn = bulk.Result.Percentile(0.5) - bulk.StubServiceMs;
        Target("10 000 prestaties: end to end ≤ 100 ms, the stub's own median service time subtracted", $"{bulkOwn:N0} ms ({bulk.Result.Percentile(0.5):N0} ms less the stub's {bulk.StubServiceMs:N0} ms)", bulkOwn <= 100);
    }

    private static string Build =>
#if DEBUG
        "DEBUG build: figures are not representative";
#else
        "Release build";
#endif

    private void Target(string target, string measured, bool met) => output.WriteLine($"| {target} | {measured} | {(met ? "met" : "**not met**")} |");

    private Row Find(string scenario, string path) => _rows.First(r => r.Scenario.StartsWith(scenario, StringComparison.Ordinal) && r.Path == path);

    private double P50(string scenario, string path) => Find(scenario, path).Result.Percentile(0.5);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
