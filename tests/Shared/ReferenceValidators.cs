using System.Diagnostics;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>
/// XSD validators the project did not write, for differential checks: the JDK's (Xerces) and libxml2's
/// <c>xmllint</c>. Each runs once per batch of files. They validate against the project's published contract
/// (<c>xsd/</c>): the SOAP 1.1 envelope, the SSDN service with its payloads, and the connector wrapper.
/// </summary>
internal static partial class ReferenceValidators
{
    public static bool JavaAvailable => Succeeds("java", "-version");

    public static bool XmllintAvailable => Succeeds("xmllint", "--version");

    /// <summary>One schema that imports every namespace a KSZ message may use, for validators that take one schema.</summary>
    public static string WriteContractSchema(string folder) => WriteSchema(folder, "contract.xsd",
        ("http://www.ksz-bcss.fgov.be/XSD/SSDN/Service", ["xsd", "ksz", "SSDNService.xsd"]),
        ("http://ksz-bcss.fgov.be/connectors/WebServiceConnector", ["xsd", "ksz", "WebServiceConnector.xsd"]));

    /// <summary>The same for the eHealth side: the files <c>ContractSchemas.EHealth</c> compiles.</summary>
    public static string WriteEHealthContractSchema(string folder) => WriteSchema(folder, "ehealth-contract.xsd",
        ("urn:be:fgov:ehealth:vrijwilligeoppas:protocol:v1", ["xsd", "ehealth", "ehealth-vrijwilligeoppas-protocol-1_0.xsd"]),
        ("urn:be:fgov:ehealth:errors:soa:v1", ["xsd", "ehealth", "ehealth-errors-soa-1_0.xsd"]),
        ("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd", ["xsd", "ehealth", "oasis-wss-secext-1_0.xsd"]));

    /// <summary>
    /// libxml2 2.9 refuses whitespace around an integer, which XSD 1.0 collapses (xs:int and its restrictions); where
    /// the JDK finds the document valid and the element libxml2 names holds an integer with whitespace around it,
    /// XSD 1.0 — and so the JDK — is followed.
    /// </summary>
    public static bool IsLibxmlIntegerWhitespaceBug(string? libxmlError, string? javaError, string file)
    {
        if (libxmlError is null || javaError is not null || LibxmlElement().Match(libxmlError) is not { Success: true } named)
        {
            return false;
        }

        var name = System.Xml.Linq.XName.Get(named.Groups[2].Value, named.Groups[1].Value);
        var values = System.Xml.Linq.XDocument.Load(file).Descendants(name).Select(e => e.Value).ToList();
        return values.Count > 0 && values.Any(v => v != v.Trim() && long.TryParse(v.Trim(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    private static string WriteSchema(string folder, string name, params (string Namespace, string[] Path)[] imports)
    {
        string Location(params string[] parts) => new Uri(RepoPaths.Combine(parts)).AbsoluteUri;
        var path = Path.Combine(folder, name);
        var lines = imports.Prepend(("http://schemas.xmlsoap.org/soap/envelope/", ["xsd", "soap", "soap-envelope-1.1.xsd"]))
            .Select(i => $"""  <xs:import namespace="{i.Namespace}" schemaLocation="{Location(i.Path)}"/>""");
        File.WriteAllText(path, $"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n{string.Join('\n', lines)}\n</xs:schema>\n");
        return path;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Element '\{([^}]*)\}([^']+)'")]
    private static partial System.Text.RegularExpressions.Regex LibxmlElement();

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
