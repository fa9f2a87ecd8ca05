using System.Diagnostics;

namespace VrijwilligeOppas.Security.Tests;

/// <summary>Runs the <c>xmlsec1</c> command-line tool on files with the WS-Security id attributes declared.</summary>
internal static class Xmlsec
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(System.IO.Path.PathSeparator)
        .Select(dir => System.IO.Path.Combine(dir, "xmlsec1"))
        .FirstOrDefault(File.Exists);

    /// <summary>xmlsec1 resolves <c>#id</c> only through attributes it is told about: wsu:Id on Body and Timestamp.</summary>
    private static readonly string[] IdAttributes =
    [
        "--id-attr:Id", Mapping.Contracts.Ns.Soap + ":Body",
        "--id-attr:Id", WsSecurityNames.Wsu + ":Timestamp",
    ];

    public static (int ExitCode, string Output) Verify(string messagePath, string certificatePath) =>
        Run(["--verify", "--pubkey-cert-pem", certificatePath, .. IdAttributes, messagePath]);

    public static (int ExitCode, string Output) Sign(string templatePath, string keyPath, string certificatePath, string outputPath) =>
        Run(["--sign", "--privkey-pem", keyPath + "," + certificatePath, .. IdAttributes, "--output", outputPath, templatePath]);

    /// <summary>
    /// Signs the template's last ds:Signature with <c>--store-references</c>, so the output shows the bytes each
    /// reference digested ("PreDigest data") and the digest itself: xmlsec1's canonical form of what it references.
    /// </summary>
    public static (int ExitCode, string Output) SignShowingReferences(string templatePath, string keyPath) =>
        Run(["--sign", "--privkey-pem", keyPath, "--store-references", "--print-debug",
            "--node-xpath", $"(//*[local-name()='Signature' and namespace-uri()='{WsSecurityNames.Ds}'])[last()]", "--output", "/dev/null", templatePath]);

    /// <summary>Fails (never skips) a test that needs xmlsec1 where it is not installed.</summary>
    public static void Require() => Assert.True(Path is not null, "xmlsec1 is not installed (apt-get install xmlsec1); .ci/run installs it.");

    private static (int ExitCode, string Output) Run(string[] arguments)
    {
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
