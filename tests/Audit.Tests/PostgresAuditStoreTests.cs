using System.Security.Cryptography;

namespace VrijwilligeOppas.Audit.Tests;

/// <summary>The PostgreSQL store with several writers: each instance its own chain, all complete and verifiable.</summary>
public sealed class PostgresAuditStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 15, 0, TimeSpan.Zero);
    private readonly AuditKeys _keys = new("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32));

    [PostgresFact]
    public async Task TwoInstances_OnOneDatabase_WriteTwoIntactChains_WithExactlyOneRecordPerAppend()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var store = new PostgresAuditStore(database.DataSource);
        await Task.WhenAll(store.MigrateAsync(CancellationToken.None), new PostgresAuditStore(database.DataSource).MigrateAsync(CancellationToken.None));

        await using (var first = await AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None))
        await using (var second = await AuditLog.OpenAsync(new PostgresAuditStore(database.DataSource), _keys, "gw-2", CancellationToken.None))
        {
            await Task.WhenAll(Enumerable.Range(0, 500).SelectMany(i => new[]
            {
                first.AppendAsync(Entry($"a{i:D3}"), CancellationToken.None),
                second.AppendAsync(Entry($"b{i:D3}"), CancellationToken.None),
            }));
            await store.SaveCheckpointAsync(AuditCheckpoints.Sign("gw-1", first.Head.Sequence, first.Head.Hash, Now, TestCertificates.Gateway), CancellationToken.None);
        }

        var verification = await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None);
        var found = 0;
        await foreach (var _ in store.ReadAsync(Now.AddDays(-1), Now.AddDays(1), _keys.BlindIndex("79021512333"), CancellationToken.None))
        {
            found++;
        }

        Assert.True(verification.IsIntact, string.Join("; ", verification.Chains.SelectMany(c => c.Problems)));
        Assert.Equal([("gw-1", 500), ("gw-2", 500)], verification.Chains.Select(c => (c.Instance, c.Records)));
        Assert.Equal(1000, found);
    }

    [PostgresFact]
    public async Task AnAppend_IsOneImplicitTransaction_AFailingRowLeavesNothingOfTheBatch()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var store = new PostgresAuditStore(database.DataSource);
        await store.MigrateAsync(CancellationToken.None);
        var first = AuditRecord.Create(Entry("a"), "gw-1", 1, AuditRecord.Genesis, _keys);
        var second = AuditRecord.Create(Entry("b"), "gw-1", 2, first.Hash, _keys);

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => store.AppendAsync([first, second, second], CancellationToken.None)); // the third repeats a key
        var (sequence, _) = await store.HeadAsync("gw-1", CancellationToken.None);
        await store.AppendAsync([first, second], CancellationToken.None);

        Assert.Equal(0, sequence);
        Assert.Equal(2, (await store.HeadAsync("gw-1", CancellationToken.None)).Sequence);
    }

    [PostgresFact]
    public async Task Tampering_IsDetected_OnPostgres()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var store = new PostgresAuditStore(database.DataSource);
        await using (var log = await AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None))
        {
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync(Entry($"t{i}"), CancellationToken.None);
            }

            await store.SaveCheckpointAsync(AuditCheckpoints.Sign("gw-1", log.Head.Sequence, log.Head.Hash, Now, TestCertificates.Gateway), CancellationToken.None);
        }

        await using (var command = database.DataSource.CreateCommand("UPDATE audit_record SET ondernemingsnummer = '0207123407' WHERE seq = 2; DELETE FROM audit_record WHERE seq = 5"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var problems = (await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None)).Chains.Single().Problems;

        Assert.Contains(problems, p => p.Contains("record 2 was changed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("its tail was removed", StringComparison.Ordinal));
    }

    private static AuditEntry Entry(string ticket) => new()
    {
        Received = Now,
        Answered = Now,
        Ticket = ticket,
        Operation = "send",
        Ondernemingsnummer = "0212344876",
        Dienst = 123,
        User = "85073003328",
        Subjects = ["48010145644", "79021512333"],
        ReturnCode = 0,
        ItemsAccepted = 1,
    };
}
