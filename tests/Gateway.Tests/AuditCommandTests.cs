using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VrijwilligeOppas.Gateway.Audit;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>The operator's audit commands on a log the real gateway wrote.</summary>
public class AuditCommandTests
{
    [Fact]
    public async Task Verify_Search_Export_Purge()
    {
        using var gateway = new GatewayFactory();
        var sent = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        await gateway.PostAsync(KszMessages.Delete(["a"]));
        var since = GatewayFactory.DefaultNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var until = GatewayFactory.DefaultNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var export = Path.Combine(gateway.DataDirectory, "export.jsonl");

        var (verify, verified) = await RunAsync(gateway, "verify");
        var (search, found) = await RunAsync(gateway, "search", ("insz", KszMessages.GebruikerInsz), ("from", since), ("to", until));
        var (exported, _) = await RunAsync(gateway, "export", ("from", since), ("to", until), ("out", export));
        var (tooYoung, refusal) = await RunAsync(gateway, "purge", ("before", "2020-01-01"));
        var (old, purged) = await RunAsync(gateway, "purge", ("before", "2016-01-01"));
        var (missing, usage) = await RunAsync(gateway, "search", ("from", since));

        Assert.Equal(0, verify);
        Assert.Contains("audit log intact", verified, StringComparison.Ordinal);
        Assert.Equal(0, search);
        Assert.Contains(sent.Ticket, found, StringComparison.Ordinal);
        Assert.Contains("2 record(s)", found, StringComparison.Ordinal); // the send before forwarding and after; the delete names no person
        Assert.Contains("\"Stage\":\"forwarding\",\"Outcome\":\"in the outcome record\"", found, StringComparison.Ordinal);
        Assert.Equal(0, exported);
        var lines = File.ReadAllLines(export);
        Assert.Equal(5, lines.Length);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(export + ".crt.pem"));
        Assert.True(certificate.GetRSAPublicKey()!.VerifyData(File.ReadAllBytes(export), File.ReadAllBytes(export + ".sig"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(2, tooYoung);
        Assert.Contains("must be kept 10 years", refusal, StringComparison.Ordinal);
        Assert.Equal(0, old);
        Assert.Contains("0 record(s)", purged, StringComparison.Ordinal);
        Assert.Equal(2, missing);
        Assert.Contains("--insz is required", usage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExecutable_VerifiesTheLog_AndExitsOneWhenItWasChanged()
    {
        string dataDirectory;
        using (var gateway = new GatewayFactory())
        {
            await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
            await gateway.PostAsync(KszMessages.Send(new KszMessages.P("b")));
            dataDirectory = gateway.DataDirectory + "-kept";
            CopyDirectory(gateway.DataDirectory, dataDirectory);
        }

        var (intact, report) = await RunExecutableAsync(dataDirectory);
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "audit", "audit.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new SqliteCommand("UPDATE audit_record SET return_code = 1 WHERE seq = 1", connection);
            await command.ExecuteNonQueryAsync();
        }

        var (broken, brokenReport) = await RunExecutableAsync(dataDirectory);

        Assert.True(intact == 0, report);
        Assert.Equal(1, broken);
        Assert.Contains("record 1 was changed after it was written", brokenReport, StringComparison.Ordinal);
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(GatewayFactory gateway, string command, params (string Name, string Value)[] arguments)
    {
        using var output = new StringWriter();
        var code = await AuditCommand.RunAsync(command, arguments.ToDictionary(a => a.Name, a => a.Value), gateway.Services.GetRequiredService<IConfiguration>(), gateway.Clock, output, CancellationToken.None);
        return (code, output.ToString());
    }

    private static async Task<(int ExitCode, string Output)> RunExecutableAsync(string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)! };
        foreach (var argument in new[] { typeof(Program).Assembly.Location, "audit", "verify", "--Gateway:DataDirectory", dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await error);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
