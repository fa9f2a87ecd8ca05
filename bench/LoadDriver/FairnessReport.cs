namespace VrijwilligeOppas.LoadDriver;

/// <summary>One phase of <see cref="Fairness"/>: what the small senders, the bulk senders and the drips got.</summary>
internal sealed record FairnessPhase(string Name, LoadResult? OtherCaller, LoadResult? SameCaller, LoadResult? Bulk, int SlowAnswered, int SlowDropped);

/// <summary>The month-end table and the targets of issue 20, for docs/performance.md.</summary>
internal sealed class FairnessReport(IReadOnlyList<FairnessPhase> phases, DriverOptions options)
{
    public IReadOnlyList<FairnessPhase> Phases => phases;

    public bool AllSucceeded => phases.All(p => (p.OtherCaller?.Succeeded ?? 1) > 0 && (p.SameCaller?.Succeeded ?? 1) > 0 && (p.Bulk?.Succeeded ?? 1) > 0);

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(Driver.Format($"Month end, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores; `dotnet run -c Release --project bench/LoadDriver -- {options}`"));
        output.WriteLine();
        output.WriteLine("Single-prestatie senders beside bulk senders (10 000 prestaties, back to back) and slow bodies (20 bytes/s)");
        output.WriteLine();
        output.WriteLine("| phase | small, other OCMW: ok (failed), p50 / p99 / max ms | small, same OCMW: ok (failed), p50 / p99 / max ms | bulk: ok (failed), sends/s, p50 ms | slow bodies answered / dropped |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var phase in phases)
        {
            output.WriteLine(Driver.Format($"| {phase.Name} | {Small(phase.OtherCaller)} | {Small(phase.SameCaller)} | {Bulk(phase.Bulk)} | {(phase.Name.Contains("slow", StringComparison.Ordinal) ? Driver.Format($"{phase.SlowAnswered} / {phase.SlowDropped}") : "–")} |"));
        }

        var unloaded = phases[0];
        var alone = phases[1].Bulk!;
        var mix = phases[^1];
        output.WriteLine();
        output.WriteLine("| target (issue 20), in the last phase | measured in this run | |");
        output.WriteLine("| --- | --- | --- |");
        Target(output, "small send from another OCMW: p99 ≤ 100 ms", Driver.Format($"{mix.OtherCaller!.Percentile(0.99):N0} ms (unloaded: {unloaded.OtherCaller!.Percentile(0.99):N0} ms)"), mix.OtherCaller.Percentile(0.99) <= 100 && mix.OtherCaller.Failed == 0);
        Target(output, "small send from the bulk senders' own OCMW: p99 ≤ 250 ms", Driver.Format($"{mix.SameCaller!.Percentile(0.99):N0} ms (unloaded: {unloaded.SameCaller!.Percentile(0.99):N0} ms)"), mix.SameCaller.Percentile(0.99) <= 250 && mix.SameCaller.Failed == 0);
        var kept = mix.Bulk!.Throughput / alone.Throughput;
        output.WriteLine(Driver.Format($"| bulk throughput beside them, against the bulk senders alone (the small senders' CPU comes from theirs; the target, within 20 % of before the change, compares two runs) | {kept:P0} ({mix.Bulk.Throughput:0.00} against {alone.Throughput:0.00} sends/s) | – |"));
    }

    private static string Small(LoadResult? result) => result is null
        ? "–"
        : Driver.Format($"{result.Succeeded} ({result.Failed}), {result.Percentile(0.5):N0} / {result.Percentile(0.99):N0} / {(result.LatenciesMs.Length == 0 ? double.NaN : result.LatenciesMs[^1]):N0}");

    private static string Bulk(LoadResult? result) => result is null
        ? "–"
        : Driver.Format($"{result.Succeeded} ({result.Failed}), {result.Throughput:0.00}, {result.Percentile(0.5):N0}");

    private static void Target(TextWriter output, string target, string measured, bool met) => output.WriteLine($"| {target} | {measured} | {(met ? "met" : "**not met**")} |");
}
