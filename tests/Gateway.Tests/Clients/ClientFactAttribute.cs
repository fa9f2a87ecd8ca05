using System.Diagnostics;

namespace VrijwilligeOppas.Gateway.Tests.Clients;

public enum ClientKind
{
    NodeSoap,
    Zeep,
    Suds,
    Php,
}

/// <summary>
/// A fact that needs a real OCMW client stack. Where it is missing the test is reported as skipped, never passed, and
/// <c>.ci/run</c> (which installs every stack) fails on any skip.
/// </summary>
public sealed class ClientFactAttribute : FactAttribute
{
    /// <summary>Debian's own Python, where <c>python3-zeep</c> and <c>python3-suds</c> install (not a pyenv shim).</summary>
    public const string DebianPython = "/usr/bin/python3";

    public ClientFactAttribute(ClientKind stack)
    {
        var (available, install) = stack switch
        {
            ClientKind.NodeSoap => (Succeeds("node", "--version") && Directory.Exists(Path.Combine(ClientConformanceTests.ClientsFolder, "node", "node_modules", "soap")), "npm ci --prefix tests/Clients/node"),
            ClientKind.Zeep => (Succeeds(DebianPython, "-c", "import zeep"), "apt-get install python3-zeep"),
            ClientKind.Suds => (Succeeds(DebianPython, "-c", "import suds"), "apt-get install python3-suds"),
            _ => (Succeeds("php", "-r", "exit(class_exists('SoapClient') && function_exists('simplexml_load_string') ? 0 : 1);"), "apt-get install php-cli php-soap php-xml"),
        };
        if (!available)
        {
            Skip = $"{stack} is not installed ({install}); .ci/run installs it.";
        }
    }

    private static bool Succeeds(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit(30_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
