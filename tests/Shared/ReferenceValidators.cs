using System.Diagnostics;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>
/// XSD validators the project did not write, for differential checks: the JDK's (Xerces) and libxml2's
/// <c>xmllint</c>. Each runs once per batch of files. They validate against the project's published contract
/// (<c>xsd/</c>): the SOAP 1.1 envelope, the SSDN service with its payloads, and the connector wrapper.
/// </summary>
internal static class ReferenceValidators
{
    public static bool JavaAvailable => Succeeds("java", "-version");

    public static bool XmllintAvailable => Succeeds("xmllint", "--version");

    /// <summary>One schema that imports every namespace a KSZ message may use, for validators that take one schema.</summary>
    public static string WriteContractSchema(string folder)
    {
        string Location(params string[] parts) => new Uri(RepoPaths.Combine(parts)).AbsoluteUri;
        var path = Path.Combine(folder, "contract.xsd");
        File.WriteAllText(path, $"""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:import namespace="http://schemas.xmlsoap.org/soap/envelope/" schemaLocation="{Location("xsd", "soap", "soap-envelope-1.1.xsd")}"/>
              <xs:import namespace="http://www.ksz-bcss.fgov.be/XSD/SSDN/Service" schemaLocation="{Location("xsd", "ksz", "SSDNService.xsd")}"/>
              <xs:import namespace="http://ksz-bcss.fgov.be/connectors/WebServiceConnector" schemaLocation="{Location("xsd", "ksz", "WebServiceConnector.xsd")}"/>
            </xs:schema>
            """);
        return path;
    }

    /// <summary>The JDK's verdict per file: null when valid, else its first error.</summary>
    public static IReadOnlyDictionary<string, string?> Java(string schema, IReadOnlyList<string> files)
    {
        var verdicts = new Dictionary<string, string?>(StringComparer.Ordinal);
        var source = RepoPaths.Combine("tests", "Shared", "Validators", "XsdValidate.java");
        foreach (var chunk in files.Chunk(500))
        {
            var output = Run("java", ["-Djdk.xml.maxOccurLimit=0", source, schema, .. chunk]).Output;
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split('\t');
                verdicts[parts[0]] = parts[1] == "valid" ? null : parts.ElementAtOrDefault(2) ?? "invalid";
            }
        }

        return verdicts;
    }

    /// <summary>libxml2's verdict per file: null when valid, else its messages for that file.</summary>
    public static IReadOnlyDictionary<string, string?> Xmllint(string schema, IReadOnlyList<string> files)
    {
        var verdicts = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in files.Chunk(500))
        {
            var errors = Run("xmllint", ["--noout", "--nonet", "--schema", schema, .. chunk]).Error.Split('\n');
            foreach (var file in chunk)
            {
                var own = errors.Where(line => line.StartsWith(file, StringComparison.Ordinal)).ToList();
                verdicts[file] = own.Contains(file + " validates") ? null : string.Join(" | ", own);
            }
        }

        return verdicts;
    }

    private static bool Succeeds(string program, string argument)
    {
        try
        {
            return Run(program, [argument]).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (int ExitCode, string Output, string Error) Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
