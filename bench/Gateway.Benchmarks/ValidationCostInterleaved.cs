using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace VrijwilligeOppas.Benchmarks;

/// <summary>
/// <see cref="ValidationCostBenchmarks"/> measured round-robin: every round times each variant once, so a slow phase
/// of a shared machine falls on all of them alike; the median of each is read against the bare pass's median.
/// </summary>
internal static class ValidationCostInterleaved
{
    public const string Switch = "--interleaved-validation";

    public static void Run()
    {
        var methods = typeof(ValidationCostBenchmarks).GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToList();
        foreach (var (prestaties, rounds, perRound) in new[] { (1, 400, 500), (100, 400, 20), (10_000, 40, 1) })
        {
            var benchmarks = new ValidationCostBenchmarks { Prestaties = prestaties };
            benchmarks.Setup();
            var passes = methods.Select(m => m.CreateDelegate<Func<int>>(benchmarks)).ToList();
            var times = passes.Select(_ => new List<double>()).ToList();
            for (var round = -5; round < rounds; round++)
            {
                for (var k = 0; k < passes.Count; k++)
                {
                    var watch = Stopwatch.StartNew();
                    for (var i = 0; i < perRound; i++)
                    {
                        passes[k]();
                    }

                    if (round >= 0)
                    {
                        times[k].Add(watch.Elapsed.TotalMicroseconds / perRound);
                    }
                }
            }

            var bare = Quantile(times[0], 0.5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prestaties} prestaties: bare pass median {bare:F1} us"));
            for (var k = 0; k < passes.Count; k++)
            {
                var description = methods[k].GetCustomAttribute<BenchmarkAttribute>()!.Description;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Quantile(times[k], 0.5) / bare,5:F2} x (quartiles {Quantile(times[k], 0.25) / bare:F2}-{Quantile(times[k], 0.75) / bare:F2})  {description}"));
            }
        }
    }

    private static double Quantile(List<double> values, double q) => values.Order().ElementAt((int)(q * (values.Count - 1)));
}
