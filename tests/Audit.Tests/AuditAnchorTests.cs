using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;

namespace VrijwilligeOppas.Audit.Tests;

/// <summary>
/// Attacks on what a chain is measured against: forged checkpoints, a tail cut together with its checkpoints, a
/// rewritten chain, timestamps over other data, and purges. Verification trusts only configured certificates and
/// time-stamping authorities, and reads the witness kept outside the database.
/// </summary>
public sealed class AuditAnchorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 15, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("vo-audit-anchor-").FullName;
    private readonly AuditKeys _keys = new("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32));

    private string DatabasePath => Path.Combine(_folder, "audit.db");

    private AuditWitness Witness => new(Path.Combine(_folder, "witness"));

    private AuditTrust Trust => AuditLogTests.Trust with { Witness = Witness };

    [Fact]
    public async Task TailCut_AndTheLastCheckpointReSignedWithAnotherKey_IsDetected()
    {
        var store = await WriteAsync(5, checkpointAt: 5);
        Sql("DELETE FROM audit_record WHERE seq > 3; DELETE FROM audit_checkpoint;");
        var records = await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None));
        await store.SaveCheckpointAsync(AuditCheckpoints.Sign("gw-1", 3, records[^1].Hash, Now, TestCertificates.Stranger), CancellationToken.None);

        var verification = await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None);

        Assert.False(verification.IsIntact);
        Assert.Contains("the checkpoint at record 3 is not signed by a configured checkpoint certificate", verification.Chains.Single().Problems);
    }

    [Fact]
    public async Task TailCut_TogetherWithEveryCheckpoint_IsDetectedByTheWitness_AndOnlyByIt()
    {
        var store = await WriteAsync(5, checkpointAt: 5);
        Sql("DELETE FROM audit_subject WHERE seq > 3; DELETE FROM audit_record WHERE seq > 3; DELETE FROM audit_checkpoint;");

        var withoutWitness = await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None);
        var withWitness = await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None);

        Assert.True(withoutWitness.IsIntact); // what the database alone cannot tell (docs/audit.md)
        Assert.False(withWitness.IsIntact);
        Assert.Contains("the chain ends at record 3 but the witness names record 5: its tail was removed", withWitness.Chains.Single().Problems);
    }

    [Fact]
    public async Task AChainRewrittenConsistently_DisagreesWithTheWitness()
    {
        var store = await WriteAsync(5, checkpointAt: 5);
        var records = await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None));
        var rewritten = records[^1] with { ReturnCode = 10000 };
        rewritten = rewritten with { Hash = rewritten.ComputeHash() };
        Sql("DELETE FROM audit_checkpoint; DELETE FROM audit_subject WHERE seq = 5; DELETE FROM audit_record WHERE seq = 5;");
        await store.AppendAsync([rewritten], CancellationToken.None);

        var verification = await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None);

        Assert.DoesNotContain(verification.Chains.Single().Problems, p => p.Contains("changed", StringComparison.Ordinal));
        Assert.Contains("record 5 differs from the witness", verification.Chains.Single().Problems);
    }

    [Fact]
    public async Task AWitnessEntrySignedWithAnotherKey_IsItselfAProblem()
    {
        var store = await WriteAsync(5, checkpointAt: 5);
        await Witness.AppendAsync(AuditCheckpoints.Sign("gw-1", 9, new byte[32], Now, TestCertificates.Stranger), CancellationToken.None);

        var verification = await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None);

        Assert.Contains("the witness at record 9 is not signed by a configured checkpoint certificate", verification.Chains.Single().Problems);
    }

    [Fact]
    public async Task AnUnreadableWitnessLine_OrAWitnessedPurgeTheDatabaseDoesNotHave_IsAProblem_AndAnUnwitnessedUntimestampedCheckpointIsAWarning()
    {
        var store = await WriteAsync(5, checkpointAt: 3);
        var head = (await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None)))[^1];
        await store.SaveCheckpointAsync(AuditCheckpoints.Sign("gw-1", 5, head.Hash, Now, TestCertificates.Gateway), CancellationToken.None); // database only
        var trust = Trust with { TimestampAuthorities = [TestCertificates.PublicOnly(TestCertificates.Stranger)] };

        var warned = await AuditVerifier.VerifyAsync(store, trust, CancellationToken.None);
        await Witness.AppendAsync(AuditCheckpoints.SignPurge("gw-1", 2, head.Hash, Now, Now, TestCertificates.Gateway), CancellationToken.None);
        File.AppendAllText(Path.Combine(Witness.Directory, "gw-1" + AuditWitness.Extension), "not json\n");
        var broken = await AuditVerifier.VerifyAsync(store, trust, CancellationToken.None);

        Assert.True(warned.IsIntact, string.Join("; ", warned.Chains.SelectMany(c => c.Problems)));
        Assert.Equal(
            ["the last checkpoint (record 5) has no timestamp from the time-stamping authority", "the last checkpoint (record 5) is not in the witness (last witnessed: 3)"],
            warned.Chains.Single().Warnings);
        Assert.False(broken.IsIntact);
        Assert.Equal(["gw-1.witness line 3 cannot be read"], broken.WitnessProblems);
        Assert.Contains("the witness records a purge up to record 2 that the database does not", broken.Chains.Single().Problems);
    }

    [OpenSslFact]
    public async Task CheckpointTimestamps_FromTheConfiguredTsa_Verify_AndATokenOverOtherDataOrFromAnotherTsa_DoesNot()
    {
        using var tsa = OpenSslTsa.Create();
        using var stranger = OpenSslTsa.Create("Someone else's TSA root");
        var store = await WriteAsync(5, checkpointAt: null);
        var head = (await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None)))[^1];
        var checkpoint = AuditCheckpoints.Sign("gw-1", 5, head.Hash, Now, TestCertificates.Gateway);
        var trust = AuditLogTests.Trust with { TimestampAuthorities = [tsa.Ca] };

        await store.SaveCheckpointAsync(checkpoint with { TimestampToken = await tsa.StampAsync(checkpoint.SignedBytes()) }, CancellationToken.None);
        var genuine = await AuditVerifier.VerifyAsync(store, trust, CancellationToken.None);
        Sql("DELETE FROM audit_checkpoint;");
        await store.SaveCheckpointAsync(checkpoint with { TimestampToken = await tsa.StampAsync("other data"u8.ToArray()) }, CancellationToken.None);
        var otherData = await AuditVerifier.VerifyAsync(store, trust, CancellationToken.None);
        Sql("DELETE FROM audit_checkpoint;");
        await store.SaveCheckpointAsync(checkpoint with { TimestampToken = await stranger.StampAsync(checkpoint.SignedBytes()) }, CancellationToken.None);
        var otherTsa = await AuditVerifier.VerifyAsync(store, trust, CancellationToken.None);

        Assert.True(genuine.IsIntact, string.Join("; ", genuine.Chains.SelectMany(c => c.Problems)));
        Assert.Empty(genuine.Chains.Single().Warnings);
        Assert.Contains("the timestamp of the checkpoint at record 5 does not cover this data or its signature is invalid", otherData.Chains.Single().Problems);
        Assert.Contains(otherTsa.Chains.Single().Problems, p => p.StartsWith("the timestamp of the checkpoint at record 5 is signed by CN=Test TSA, which is not a configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APurge_LeavesASignedMarker_TheShortenedChainVerifies_AndNothingElseMayBeMissing()
    {
        var store = await WriteAsync(6, checkpointAt: 6, received: seq => seq == 2 ? Now.AddDays(-1) : Now.AddDays(seq - 10)); // record 2 arrived late
        var boundary = await store.PurgeBoundaryAsync("gw-1", Now.AddDays(-7), CancellationToken.None);
        var marker = AuditCheckpoints.SignPurge("gw-1", boundary!.Value.Sequence, boundary.Value.Hash, Now.AddDays(-7), Now, TestCertificates.Gateway);
        var removed = await store.PurgeAsync(marker, CancellationToken.None);
        await Witness.AppendAsync(marker, CancellationToken.None);

        var purged = await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None);
        Sql("DELETE FROM audit_record WHERE seq = 2;");
        var oneMore = await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None);

        Assert.Equal(1, boundary.Value.Sequence); // record 3 is older, but record 2 is not: no hole is made
        Assert.Equal(1, removed);
        Assert.True(purged.IsIntact, string.Join("; ", purged.Chains.SelectMany(c => c.Problems)));
        Assert.Equal((1L, 2L, 6L), (purged.Chains.Single().PurgedThrough, purged.Chains.Single().FirstSequence, purged.Chains.Single().LastSequence));
        Assert.Contains("records 2..2 are missing", oneMore.Chains.Single().Problems);
    }

    [Fact]
    public async Task HeadRecordsRemovedWithoutAMarker_OrWithAForgedOne_AreDetected()
    {
        var store = await WriteAsync(5, checkpointAt: 5);
        var records = await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None));
        Sql("DELETE FROM audit_record WHERE seq <= 2;");

        var unmarked = await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None);
        await store.PurgeAsync(AuditCheckpoints.SignPurge("gw-1", 2, records[1].Hash, Now, Now, TestCertificates.Stranger), CancellationToken.None);
        var forged = await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None);

        Assert.Contains("records 1..2 are missing, and no signed purge marker says they were purged", unmarked.Chains.Single().Problems);
        Assert.Contains("the purge marker at record 2 is not signed by a configured checkpoint certificate", forged.Chains.Single().Problems);
    }

    [Fact]
    public async Task AForwardedMessageWithoutOutcome_IsListedAsOutcomeUnknown_WithoutBreakingTheChain()
    {
        var store = new SqliteAuditStore(DatabasePath);
        await using (var log = await AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None))
        {
            await log.AppendAsync(Entry("answered", 1) with { Stage = AuditStage.Forwarding, ReturnCode = AuditEntry.NoReturnCode }, CancellationToken.None);
            await log.AppendAsync(Entry("lost", 2) with { Stage = AuditStage.Forwarding, ReturnCode = AuditEntry.NoReturnCode }, CancellationToken.None);
            await log.AppendAsync(Entry("answered", 3), CancellationToken.None);
        }

        var verification = await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None);
        Sql("UPDATE audit_record SET stage = 'outcome' WHERE ticket = 'lost';");
        var disguised = await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None);

        Assert.True(verification.IsIntact);
        Assert.Equal(["lost"], verification.Chains.Single().OutcomeUnknown);
        Assert.Contains("record 2 was changed after it was written", disguised.Chains.Single().Problems);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<SqliteAuditStore> WriteAsync(int count, int? checkpointAt, Func<int, DateTimeOffset>? received = null)
    {
        var store = new SqliteAuditStore(DatabasePath);
        await using var log = await AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None);
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(Entry($"t{i}", i) with { Received = received?.Invoke(i) ?? Now }, CancellationToken.None);
            if (i == checkpointAt)
            {
                var checkpoint = AuditCheckpoints.Sign("gw-1", log.Head.Sequence, log.Head.Hash, Now, TestCertificates.Gateway);
                await store.SaveCheckpointAsync(checkpoint, CancellationToken.None);
                await Witness.AppendAsync(checkpoint, CancellationToken.None);
            }
        }

        return store;
    }

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        connection.Open();
        using var command = new SqliteCommand(sql, connection);
        Assert.True(command.ExecuteNonQuery() > 0, sql);
    }

    private static AuditEntry Entry(string ticket, int i) => new()
    {
        Received = Now,
        Answered = Now.AddSeconds(i),
        Ticket = ticket,
        Operation = "send",
        User = "85073003328",
        Subjects = ["48010145644"],
        ReturnCode = 0,
    };

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
