using System.Diagnostics;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>The operator's <c>audit …</c> commands as they are run: the gateway executable in its own process, with only the environment given.</summary>
internal static class AuditExecutable
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)! };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("audit");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of the test runner's own configuration may leak in: only what the test names.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Audit__", StringComparison.Ordinal) || k.StartsWith("Gateway__", StringComparison.Ordinal) || k.StartsWith("Trust__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await error);
    }
}
