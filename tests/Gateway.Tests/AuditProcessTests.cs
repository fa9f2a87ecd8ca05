using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
using VrijwilligeOppas.Audit;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// The audit log when the gateway runs as real processes: two instances sharing one PostgreSQL, and a kill -9 in
/// the middle of a load. Every answered message has exactly one record, and every chain verifies.
/// </summary>
public sealed class AuditProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vo-audit-processes-").FullName;
    private readonly Dictionary<string, string> _keys = new()
    {
        ["Audit__CurrentKeyId"] = "k1",
        ["Audit__EncryptionKeys__k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Audit__IndexKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    [PostgresFact]
    public async Task TwoGatewayProcesses_OnOnePostgres_UnderConcurrentLoad_LeaveCompleteVerifiableChains()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        using var a = await GatewayProcess.StartAsync(Environment("a", ("Audit__Store", "PostgreSql"), ("Audit__ConnectionString", database.ConnectionString)));
        using var b = await GatewayProcess.StartAsync(Environment("b", ("Audit__Store", "PostgreSql"), ("Audit__ConnectionString", database.ConnectionString)));

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? a : b).PostAsync(KszMessages.Send(new KszMessages.P($"p{i:D3}")))));
        await a.StopAsync();
        await b.StopAsync();

        var store = new PostgresAuditStore(database.DataSource);
        var verification = await AuditVerifier.VerifyAsync(store, CancellationToken.None);
        var tickets = new List<string>();
        foreach (var instance in new[] { "gw-a", "gw-b" })
        {
            await foreach (var record in store.ReadChainAsync(instance, CancellationToken.None))
            {
                tickets.Add(record.Ticket);
            }
        }

        Assert.All(answers, answer => Assert.Equal(0, answer.ReturnCode));
        Assert.True(verification.IsIntact, string.Join("; ", verification.Chains.SelectMany(c => c.Problems)));
        Assert.Equal([("gw-a", 30, (long?)30), ("gw-b", 30, (long?)30)], verification.Chains.Select(c => (c.Instance, c.Records, c.CheckpointSequence)));
        Assert.Equal(answers.Select(x => x.Ticket).Order(), tickets.Order());
    }

    [Fact]
    public async Task KillDashNine_DuringALoadOfSends_LosesNoRecordOfAnAnsweredMessage()
    {
        var answered = new ConcurrentBag<string>();
        using (var gateway = await GatewayProcess.StartAsync(Environment("k")))
        {
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 8).Select(s => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P($"s{s}-{i:D5}")));
                        answered.Add(answer.Ticket);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // the process is gone
                    }
                }
            })).ToList();

            while (answered.Count < 40)
            {
                await Task.Delay(50);
            }

            gateway.KillHard();
            stop.Cancel();
            await Task.WhenAll(senders);
        }

        SqliteConnection.ClearAllPools();
        var store = new SqliteAuditStore(Path.Combine(_folder, "k", "audit", "audit.db"));
        var recorded = new HashSet<string>();
        await foreach (var record in store.ReadChainAsync("gw-k", CancellationToken.None))
        {
            recorded.Add(record.Ticket);
        }

        var verification = await AuditVerifier.VerifyAsync(store, CancellationToken.None);
        Assert.True(verification.IsIntact, string.Join("; ", verification.Chains.SelectMany(c => c.Problems)));
        Assert.Subset(recorded, answered.ToHashSet());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Dictionary<string, string> Environment(string name, params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>(_keys)
        {
            ["Gateway__DataDirectory"] = Path.Combine(_folder, name),
            ["Audit__Instance"] = "gw-" + name,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }
}
