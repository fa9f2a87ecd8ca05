using System.Globalization;

namespace VrijwilligeOppas.LoadDriver;

/// <summary>Command-line options: <c>--duration 10 --connections 1,8 --bulk-repeats 5 --warm-up 3 --rsa 2 --keep</c>.</summary>
internal sealed record DriverOptions(TimeSpan Duration, int[] Connections, int BulkRepeats, TimeSpan WarmUp, TimeSpan RsaDuration, bool Keep)
{
    public static DriverOptions Parse(string[] args)
    {
        var options = new DriverOptions(TimeSpan.FromSeconds(10), [1, 8], 5, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), Keep: false);
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
                var unknown => throw new ArgumentException($"Unknown option {unknown}."),
            };
        }

        return options.Connections.Contains(1) ? options : throw new ArgumentException("--connections must include 1 (the latency target is at one connection).");
    }

    private static TimeSpan Seconds(string text) => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
}
