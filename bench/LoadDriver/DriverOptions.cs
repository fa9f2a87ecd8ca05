using System.Globalization;

namespace VrijwilligeOppas.LoadDriver;

/// <summary>
/// Command-line options: <c>--duration 10 --connections 1,8 --bulk-repeats 7 --warm-up 30 --rsa 2 --keep</c>, and
/// <c>--gateway-env NAME=value</c> (repeatable) to try a runtime or gateway setting on the gateway process only;
/// <c>--scenarios paths,month-end</c> to run only some, <c>--bulk-clients 6 --slow-clients 64</c> for the month end.
/// </summary>
internal sealed record DriverOptions(TimeSpan Duration, int[] Connections, int BulkRepeats, TimeSpan WarmUp, TimeSpan RsaDuration, bool Keep, IReadOnlyDictionary<string, string> GatewayEnvironment)
{
    /// <summary>The paths (a) and (b) side by side, issue 7's scenarios.</summary>
    public bool Paths { get; init; } = true;

    /// <summary>Small senders beside bulk senders and slow bodies, issue 20's scenario (<see cref="Fairness"/>).</summary>
    public bool MonthEnd { get; init; } = true;

    public int BulkClients { get; init; } = 6;

    public int SlowClients { get; init; } = 64;

    // The warm-up lasts 30 s because tiered compilation is still recompiling hot paths after 5: measured, a
    // single-prestatie message then cost 10 ms of gateway CPU at one connection instead of 5 (docs/performance.md).
    public static DriverOptions Parse(string[] args)
    {
        var options = new DriverOptions(TimeSpan.FromSeconds(10), [1, 8], 7, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), Keep: false, new Dictionary<string, string>());
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--duration" => options with { Duration = Seconds(Next()) },
                "--connections" => options with { Connections = [.. Next().Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] },
                "--bulk-repeats" => options with { BulkRepeats = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warm-up" => options with { WarmUp = Seconds(Next()) },
                "--rsa" => options with { RsaDuration = Seconds(Next()) },
                "--keep" => options with { Keep = true },
                "--scenarios" => Next().Split(',') is var names && names.Except(["paths", "month-end"]).FirstOrDefault() is { } wrong
                    ? throw new ArgumentException($"Unknown scenario {wrong} (paths, month-end).")
                    : options with { Paths = names.Contains("paths"), MonthEnd = names.Contains("month-end") },
                "--bulk-clients" => options with { BulkClients = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--slow-clients" => options with { SlowClients = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--gateway-env" => options with { GatewayEnvironment = With(options.GatewayEnvironment, Next()) },
                var unknown => throw new ArgumentException($"Unknown option {unknown}."),
            };
        }

        return options.Connections.Contains(1) ? options : throw new ArgumentException("--connections must include 1 (the latency target is at one connection).");
    }

    public override string ToString() => Driver.Format(
        $"--duration {Duration.TotalSeconds} --connections {string.Join(',', Connections)} --bulk-repeats {BulkRepeats} --warm-up {WarmUp.TotalSeconds} --rsa {RsaDuration.TotalSeconds} --scenarios {string.Join(',', new[] { Paths ? "paths" : null, MonthEnd ? "month-end" : null }.OfType<string>())} --bulk-clients {BulkClients} --slow-clients {SlowClients}{string.Concat(GatewayEnvironment.Select(e => $" --gateway-env {e.Key}={e.Value}"))}");

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> environment, string setting)
    {
        var (name, value) = setting.IndexOf('=', StringComparison.Ordinal) is > 0 and var at ? (setting[..at], setting[(at + 1)..]) : throw new ArgumentException($"--gateway-env takes NAME=value, not {setting}.");
        return new Dictionary<string, string>(environment) { [name] = value };
    }

    private static TimeSpan Seconds(string text) => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
}
