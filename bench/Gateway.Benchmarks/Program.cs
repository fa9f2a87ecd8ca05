using BenchmarkDotNet.Running;
using VrijwilligeOppas.Benchmarks;

if (args is [ValidationCostInterleaved.Switch])
{
    ValidationCostInterleaved.Run();
    return;
}

if (args is [AuditGrowth.Switch])
{
    await AuditGrowth.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point of the benchmark runner.</summary>
public partial class Program;
