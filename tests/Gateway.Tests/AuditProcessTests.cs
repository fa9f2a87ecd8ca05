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

    [Fact]
    public async Task KillDashNine_BetweenForwardingAndTheReply_LeavesTheMessageVisiblyOutcomeUnknown()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stub = await StubCentral.StartAsync(async (context, _) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }, TimeProvider.System);
        var environment = Environment("x",
            ("ReverseProxy__Clusters__central__Destinations__primary__Address", stub.Address.ToString()),
            ("ReverseProxy__Clusters__central__HealthCheck__Active__Enabled", "false"),
            ("Trust__CentralCertificatePath", TestCertificates.CertificatePath("central")));
        using (var gateway = await GatewayProcess.StartAsync(environment))
        {
            var sending = gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            gateway.KillHard();
            await Assert.ThrowsAnyAsync<Exception>(() => sending);
        }

        SqliteConnection.ClearAllPools();
        var ticket = Assert.Single(await TicketsAsync(Path.Combine(_folder, "x", "audit", "audit.db"), "gw-x"));
        var today = DateTimeOffset.UtcNow;
        var (verified, report) = await AuditExecutable.RunAsync(environment, "verify");
        var (searched, found) = await AuditExecutable.RunAsync(environment, "search", "--insz", KszMessages.GebruikerInsz, "--from", $"{today.AddDays(-1):yyyy-MM-dd}", "--to", $"{today.AddDays(1):yyyy-MM-dd}");

        Assert.Equal(1, stub.Requests);
        Assert.True(verified == 0, report);
        Assert.Contains($"outcome unknown: 1 message(s) forwarded to the central service without an outcome record (in flight, or the gateway stopped before answering): {ticket}", report, StringComparison.Ordinal);
        Assert.Equal(0, searched);
        Assert.Contains($"\"Ticket\":\"{ticket}\"", found, StringComparison.Ordinal);
        Assert.Contains("\"Stage\":\"forwarding\",\"Outcome\":\"unknown\"", found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShutdownPastItsGracePeriod_LeavesTheStuckMessageWithAnOutcomeOrVisiblyUnknown()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stub = await StubCentral.StartAsync(async (context, _) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }, TimeProvider.System);
        var environment = Environment("g",
            ("ReverseProxy__Clusters__central__Destinations__primary__Address", stub.Address.ToString()),
            ("ReverseProxy__Clusters__central__HealthCheck__Active__Enabled", "false"),
            ("Trust__CentralCertificatePath", TestCertificates.CertificatePath("central")),
            ("Reliability__ShutdownGracePeriod", "00:00:01"));
        using (var gateway = await GatewayProcess.StartAsync(environment))
        {
            var sending = gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await gateway.TerminateAsync();
            await gateway.WaitForExitAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => sending);
        }

        SqliteConnection.ClearAllPools();
        var store = new SqliteAuditStore(Path.Combine(_folder, "g", "audit", "audit.db"));
        var records = new List<AuditRecord>();
        await foreach (var record in store.ReadChainAsync("gw-g", CancellationToken.None))
        {
            records.Add(record);
        }

        var verification = await AuditVerifier.VerifyAsync(store, Trust("g"), CancellationToken.None);
        Assert.True(verification.IsIntact, string.Join("; ", verification.Chains.SelectMany(c => c.Problems)));
        Assert.Equal(AuditStage.Forwarding, records[0].Stage);
        Assert.True(records.Any(r => r.Stage == AuditStage.Outcome) || verification.Chains.Single().OutcomeUnknown.SequenceEqual([records[0].Ticket]));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<List<string>> TicketsAsync(string database, string instance)
    {
        var tickets = new List<string>();
        await foreach (var record in new SqliteAuditStore(database).ReadChainAsync(instance, CancellationToken.None))
        {
            tickets.Add(record.Ticket);
        }

        SqliteConnection.ClearAllPools();
        return [.. tickets.Distinct()];
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
