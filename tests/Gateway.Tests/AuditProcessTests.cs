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
        var verification = await AuditVerifier.VerifyAsync(store, Trust("a", "b"), CancellationToken.None);
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
        Assert.Equal([("gw-a", 60, (long?)60), ("gw-b", 60, (long?)60)], verification.Chains.Select(c => (c.Instance, c.Records, c.CheckpointSequence))); // a record before sending and one after, each
        Assert.Equal(answers.Select(x => x.Ticket).Concat(answers.Select(x => x.Ticket)).Order(), tickets.Order());
        Assert.All(verification.Chains, c => Assert.Empty(c.OutcomeUnknown));
    }

    [Fact]
    public async Task KillDashNine_DuringALoadOfSends_LosesNoRecordOfAnAnsweredMessage()
    {
        var answered = new ConcurrentBag<(string Ticket, string Id, int ReturnCode)>();
        using (var gateway = await GatewayProcess.StartAsync(Environment("k")))
        {
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 8).Select(s => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var id = $"s{s}-{i:D5}";
                        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P(id)));
                        answered.Add((answer.Ticket, id, answer.ReturnCode));
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

        var verification = await AuditVerifier.VerifyAsync(store, Trust("k"), CancellationToken.None);
        Assert.True(verification.IsIntact, string.Join("; ", verification.Chains.SelectMany(c => c.Problems)));
        Assert.Subset(recorded, answered.Select(a => a.Ticket).ToHashSet());

        // Every send the OCMW was told is done, is done: its prestatie is in the emulator's store.
        var stored = new HashSet<string>();
        using (var emulator = new SqliteConnection($"Data Source={Path.Combine(_folder, "k", "emulator", "central.db")};Mode=ReadOnly"))
        {
            emulator.Open();
            using var query = emulator.CreateCommand();
            query.CommandText = "SELECT prestatie_id FROM prestatie";
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                stored.Add(reader.GetString(0));
            }
        }

        Assert.All(answered, a => Assert.Equal(0, a.ReturnCode));
        Assert.Subset(stored, answered.Select(a => a.Id).ToHashSet());
    }

    [Fact]
    public async Task Sigterm_DrainsTheMessageInProgress_RefusesTheWaitingOne_AndExitsCleanly()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stub = await StubCentral.StartAsync(async (context, request) =>
        {
            arrived.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await StubCentral.AcceptAll(context, request);
        }, TimeProvider.System);
        using var gateway = await GatewayProcess.StartAsync(Environment("t",
            ("ReverseProxy__Clusters__central__Destinations__primary__Address", stub.Address.ToString()),
            ("ReverseProxy__Clusters__central__HealthCheck__Active__Enabled", "false"),
            ("Trust__CentralCertificatePath", TestCertificates.CertificatePath("central")),
            ("Reliability__MaxConcurrentMessages", "1")));

        var inProgress = gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        await arrived.Task;
        var waiting = gateway.PostAsync(KszMessages.Send(new KszMessages.P("b")));
        await Task.Delay(500);
        await gateway.TerminateAsync();
        var refused = await waiting;
        var drained = await inProgress;
        var exitCode = await gateway.WaitForExitAsync();

        Assert.Equal(["GATEWAY_STOPT"], refused.ReasonCodes);
        Assert.Equal(0, drained.ReturnCode);
        Assert.Equal(0, exitCode);
        SqliteConnection.ClearAllPools();
        var store = new SqliteAuditStore(Path.Combine(_folder, "t", "audit", "audit.db"));
        var verification = await AuditVerifier.VerifyAsync(store, Trust("t"), CancellationToken.None);
        Assert.True(verification.IsIntact, string.Join("; ", verification.Chains.SelectMany(c => c.Problems)));
        Assert.Equal([("gw-t", 3, (long?)3)], verification.Chains.Select(c => (c.Instance, c.Records, c.CheckpointSequence))); // the drained one before sending and after, the refused one
        Assert.Empty(verification.Chains.Single().OutcomeUnknown);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>What verification trusts for these processes: the development signing certificates each generated.</summary>
    private AuditTrust Trust(params string[] names) =>
        new([.. names.Select(name => Security.CertificateFiles.LoadPublic(Path.Combine(_folder, name, "certificates", "gateway.crt.pem")))]);

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
