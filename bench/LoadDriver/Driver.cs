using System.Globalization;
using System.Net;
using System.Net.Sockets;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.LoadDriver;

/// <summary>
/// One invocation: starts the stub central service, (a) a bare YARP passthrough and (b) the gateway, each in its own
/// process, measures (c) RSA-2048 signing in this one, runs the scenarios against (a) and (b) in turn, and prints
/// throughput, latency, CPU, peak memory and the ratios issue 7 sets targets for.
/// </summary>
internal static class Driver
{
    public const string KszPath = "/ksz/VrijwilligeOppas";

    // The ServiceReply's summary, right before its ServiceId: 0 only when every prestatie was accepted.
    private static readonly byte[] Accepted = "<common:ReturnCode>0</common:ReturnCode></common:ResultSummary><ServiceId>"u8.ToArray();
    private static readonly byte[] CannedAnswer = "status:Success"u8.ToArray();

    public static async Task<int> RunAsync(DriverOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("vo-load-");
        try
        {
            await using var servers = await Servers.StartAsync(work.FullName, options.GatewayEnvironment, cancellationToken);
            await WarmUpAsync(servers, options, cancellationToken);
            var succeeded = true;
            if (options.Paths)
            {
                succeeded &= await PathsAsync(servers, options, output, cancellationToken);
            }

            if (options.MonthEnd)
            {
                var monthEnd = await Fairness.RunAsync(servers, options, Accepted, cancellationToken);
                monthEnd.Print(output);
                succeeded &= monthEnd.AllSucceeded;
            }

            return succeeded ? 0 : 1;
        }
        finally
        {
            if (!options.Keep)
            {
                work.Delete(recursive: true);
            }
            else
            {
                output.WriteLine($"Logs and data kept in {work.FullName}");
            }
        }
    }

    /// <summary>Issue 7's scenarios: the same messages through (a) the bare passthrough and (b) the gateway.</summary>
    private static async Task<bool> PathsAsync(Servers servers, DriverOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var report = new Report(output, options);
        var single = BulkMessages.Send(1, TimeProvider.System);

        using var passthrough = new Load(servers.PassthroughUrl, single, 1, CannedAnswer);
        using var gateway = new Load(servers.GatewayUrl, single, 1, Accepted);

        var rsa = new List<(RsaBaseline.Rate One, RsaBaseline.Rate All)> { MeasureRsa(options) };
        foreach (var connections in options.Connections)
        {
            foreach (var (path, load, server) in new[] { ("a", passthrough, servers.Passthrough), ("b", gateway, servers.Gateway) })
            {
                report.Add(await MeasureAsync($"1 prestatie, {connections} conn.", path, server, servers, prestaties: 1,
                    () => load.RunAsync(connections, options.Duration, int.MaxValue, cancellationToken)));
            }
        }

        rsa.Add(MeasureRsa(options));

        // The contracts cap a send at 10 000 prestaties, so linearity is read from 5 000 against 10 000, and a
        // 20 000-prestatie send must be refused (BERICHT_ONGELDIG) rather than processed.
        foreach (var (count, gatewayAnswer) in new[] { (5_000, Accepted), (10_000, Accepted), (20_000, "BERICHT_ONGELDIG"u8.ToArray()) })
        {
            var message = BulkMessages.Send(count, TimeProvider.System);
            using var bulkPassthrough = new Load(servers.PassthroughUrl, message, count, CannedAnswer);
            using var bulkGateway = new Load(servers.GatewayUrl, message, count, gatewayAnswer);
            foreach (var (path, load, server) in new[] { ("a", bulkPassthrough, servers.Passthrough), ("b", bulkGateway, servers.Gateway) })
            {
                report.Add(await MeasureAsync(Format($"{count:N0} prestaties ({message.Length / 1e6:0.0} MB), 1 conn."), path, server, servers, count,
                    () => load.RunAsync(1, TimeSpan.MaxValue, options.BulkRepeats, cancellationToken)));
            }
        }

        rsa.Add(MeasureRsa(options));
        report.Print(rsa);
        return report.AllSucceeded;
    }

    private static (RsaBaseline.Rate, RsaBaseline.Rate) MeasureRsa(DriverOptions options) =>
        (RsaBaseline.Measure(1, options.RsaDuration), RsaBaseline.Measure(Environment.ProcessorCount, options.RsaDuration));

    /// <summary>JIT, connection pools, SQLite pages and the stub's canned answers are ready before anything is timed.</summary>
    private static async Task WarmUpAsync(Servers servers, DriverOptions options, CancellationToken cancellationToken)
    {
        foreach (var (url, answer) in new[] { (servers.PassthroughUrl, CannedAnswer), (servers.GatewayUrl, Accepted) })
        {
            foreach (var count in new[] { 1, 5_000, 10_000 })
            {
                using var load = new Load(url, BulkMessages.Send(count, TimeProvider.System), count, answer);
                var result = await load.RunAsync(count == 1 ? options.Connections.Max() : 1, options.WarmUp, count == 1 ? int.MaxValue : 1, cancellationToken);
                if (result.Failed > 0)
                {
                    throw new InvalidOperationException($"Warm-up against {url} failed {result.Failed} times; see the logs (--keep).");
                }
            }
        }
    }

    private static async Task<Row> MeasureAsync(string scenario, string path, ChildProcess server, Servers servers, int prestaties, Func<Task<LoadResult>> run)
    {
        server.ResetPeak();
        await servers.StubServiceTimeAsync(CancellationToken.None);
        var inside = server == servers.Gateway ? await GatewayMetrics.ScrapeAsync(servers.GatewayMetricsUrl, CancellationToken.None) : null;
        var (residentBefore, serverCpu, stubCpu) = (server.ResidentBytes, server.Cpu, servers.Stub.Cpu);
        var result = await run();
        var (serverCpuAfter, stubCpuAfter, peak) = (server.Cpu, servers.Stub.Cpu, server.PeakResidentBytes);
        inside = inside is null ? null : await GatewayMetrics.ScrapeAsync(servers.GatewayMetricsUrl, CancellationToken.None) - inside;
        return new Row(scenario, path, prestaties, result, serverCpuAfter - serverCpu, stubCpuAfter - stubCpu, residentBefore, peak, await servers.StubServiceTimeAsync(CancellationToken.None), inside);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    internal static string Certificates(string work)
    {
        var certificate = SelfSignedCertificates.Create("central-stub", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        SelfSignedCertificates.WritePem(certificate, Path.Combine(work, "stub.crt.pem"), Path.Combine(work, "stub.key.pem"));
        return Path.Combine(work, "stub.crt.pem");
    }
}
