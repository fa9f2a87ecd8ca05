using System.Security.Cryptography;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// One process per audit instance, and every refused start-up as an operator meets it: real gateway processes, one
/// line naming the setting and what to do, exit code 2, no stack trace. A killed process frees its instance.
/// </summary>
public sealed class StartupRefusalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vo-startup-").FullName;
    private readonly Dictionary<string, string> _keys = new()
    {
        ["Audit__CurrentKeyId"] = "k1",
        ["Audit__EncryptionKeys__k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Audit__IndexKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    [Fact]
    public async Task ASecondProcess_WithTheSameInstance_OnOneSqliteStore_IsRefused_UntilTheFirstIsKilled()
    {
        var environment = Environment("one", "gw-same");
        using var first = await GatewayProcess.StartAsync(environment);

        var second = await GatewayProcess.RunToExitAsync(environment);

        AssertRefused(second, "Audit:Instance 'gw-same' is in use by another live gateway process on this audit store");
        first.KillHard();
        await first.WaitForExitAsync();
        using var third = await GatewayProcess.StartAsync(environment); // the kernel released the lock with the process
        Assert.Equal(0, (await third.PostAsync(KszMessages.Send(new KszMessages.P("after")))).ReturnCode);
    }

    [PostgresFact]
    public async Task ASecondProcess_WithTheSameInstance_OnOnePostgres_IsRefused_UntilTheFirstIsKilled()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        (string, string)[] store = [("Audit__Store", "PostgreSql"), ("Audit__ConnectionString", database.ConnectionString)];
        using var first = await GatewayProcess.StartAsync(Environment("a", "gw-shared", store));
        using var other = await GatewayProcess.StartAsync(Environment("b", "gw-other", store)); // other instances share the store

        var second = await GatewayProcess.RunToExitAsync(Environment("c", "gw-shared", store));

        AssertRefused(second, "Audit:Instance 'gw-shared' is in use by another live gateway process on this audit store");
        first.KillHard();
        await first.WaitForExitAsync();
        using var third = await GatewayProcess.StartAsync(Environment("c", "gw-shared", store)); // the server ended the killed session, and its lock
        Assert.Equal(0, (await third.PostAsync(KszMessages.Send(new KszMessages.P("after")))).ReturnCode);
    }

    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "Audit__Store", "PostgreSql", "", "Audit:ConnectionString is required with Audit:Store PostgreSql" },
        { "Audit__Store", "PostgreSql", "Audit__ConnectionString=Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2", "the audit store (Audit:Store PostgreSql) cannot be opened" },
        { "Gateway__Mode", "Production", "Gateway__Instances=2|Audit__WitnessDirectory=/tmp/vo-witness-elsewhere", "Gateway:Instances is 2 but Audit:Store is Sqlite: several instances need one shared PostgreSQL audit store" },
        { "Reliability__MaxConcurrentMessages", "0", "", "Reliability:MaxConcurrentMessages: The field ReliabilityOptions.MaxConcurrentMessages must be between 1 and 10000." },
        { "Reliability__MaxBufferedRequestBytes", "1000", "", "Reliability:MaxBufferedRequestBytes: The field ReliabilityOptions.MaxBufferedRequestBytes must be between 1048576 and 68719476736." },
        { "Reliability__MaxConcurrentBulkMessages", "0", "", "Reliability:MaxConcurrentBulkMessages: The field ReliabilityOptions.MaxConcurrentBulkMessages must be between 1 and 10000." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task ABadSetting_IsOneLineNamingIt_ExitCode2_AndNoStackTrace(string key, string value, string also, string message)
    {
        var environment = Environment("bad", "gw-bad");
        environment[key] = value;
        foreach (var setting in also.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var (otherKey, otherValue) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            environment[otherKey] = otherValue;
        }

        AssertRefused(await GatewayProcess.RunToExitAsync(environment), message);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A killed process's files may linger a moment; the folder is under the temp directory.
        }
    }

    private static void AssertRefused((int ExitCode, string Output, string Error) run, string message)
    {
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}\n{run.Error}\n{run.Output}");
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("vo-gateway: not started: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error + run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Output, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment(string folder, string instance, params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>(_keys)
        {
            ["Gateway__DataDirectory"] = Path.Combine(_folder, folder),
            ["Audit__Instance"] = instance,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }
}
