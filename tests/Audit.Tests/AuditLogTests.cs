using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace VrijwilligeOppas.Audit.Tests;

public sealed class AuditLogTests : IDisposable
{
    private const string Staff = "85073003328";
    private const string Gebruiker = "48010145644";
    private const string Vrijwilliger = "79021512333";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 15, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("vo-audit-").FullName;
    private static readonly byte[] K1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] IndexKey = RandomNumberGenerator.GetBytes(32);
    private readonly AuditKeys _keys = new("k1", new Dictionary<string, byte[]> { ["k1"] = K1 }, IndexKey);

    /// <summary>What verification trusts: the public part of the certificate the checkpoints are signed with.</summary>
    internal static readonly AuditTrust Trust = new([TestCertificates.PublicOnly(TestCertificates.Gateway)]);

    private string DatabasePath => Path.Combine(_folder, "audit.db");

    [Fact]
    public async Task ParallelAppends_LeaveOneCompleteVerifiableChain_WithExactlyOneRecordEach()
    {
        var store = new SqliteAuditStore(DatabasePath);
        await using (var log = await AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None))
        {
            await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => log.AppendAsync(Entry($"t{i:D4}"), CancellationToken.None)));
            Assert.Equal(1000, log.Head.Sequence);
        }

        var verification = await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None);
        var records = await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None));

        Assert.True(verification.IsIntact, string.Join("; ", verification.Chains.SelectMany(c => c.Problems)));
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(1000, records.Select(r => r.Ticket).Distinct().Count());
    }

    [Fact]
    public async Task ReopenedLog_ContinuesTheSameChain()
    {
        var store = new SqliteAuditStore(DatabasePath);
        await using (var first = await AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None))
        {
            await first.AppendAsync(Entry("a"), CancellationToken.None);
        }

        await using (var second = await AuditLog.OpenAsync(new SqliteAuditStore(DatabasePath), _keys, "gw-1", CancellationToken.None))
        {
            await second.AppendAsync(Entry("b"), CancellationToken.None);
            Assert.Equal(2, second.Head.Sequence);
        }

        Assert.True((await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None)).IsIntact);
    }

    [Theory]
    [InlineData("UPDATE audit_record SET return_code = 10000 WHERE seq = 3", "record 3 was changed")]
    [InlineData("DELETE FROM audit_subject WHERE seq = 2 AND blind_index = (SELECT MIN(blind_index) FROM audit_subject WHERE seq = 2)", "record 2 was changed")]
    [InlineData("DELETE FROM audit_record WHERE seq = 3", "records 3..3 are missing")]
    [InlineData("UPDATE audit_record SET seq = 99 WHERE seq = 2; UPDATE audit_record SET seq = 2 WHERE seq = 3; UPDATE audit_record SET seq = 3 WHERE seq = 99", "does not follow")]
    [InlineData("DELETE FROM audit_record WHERE seq >= 4", "its tail was removed")]
    [InlineData("UPDATE audit_checkpoint SET seq = 2", "not signed by a configured checkpoint certificate")]
    public async Task Tampering_IsDetected(string sql, string problem)
    {
        var store = await WriteFiveWithCheckpointAsync();
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new SqliteCommand(sql, connection);
            Assert.True(await command.ExecuteNonQueryAsync() > 0);
        }

        var verification = await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None);

        Assert.False(verification.IsIntact);
        Assert.Contains(verification.Chains.Single().Problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InsertedForgery_IsDetected()
    {
        var store = await WriteFiveWithCheckpointAsync();
        var records = await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None));
        var forged = AuditRecord.Create(Entry("forged"), "gw-1", 6, records[^1].Hash, _keys);
        await store.AppendAsync([forged with { Sequence = 6, PreviousHash = records[2].Hash }], CancellationToken.None);

        var verification = await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None);

        Assert.Contains(verification.Chains.Single().Problems, p => p.Contains("record 6", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoInszInPlaintext_InTheDatabaseFiles_AndSearchFindsThemByBlindIndex()
    {
        var store = await WriteFiveWithCheckpointAsync();
        var files = Directory.GetFiles(_folder).Select(File.ReadAllBytes).ToList();

        foreach (var insz in new[] { Staff, Gebruiker, Vrijwilliger })
        {
            Assert.All(files, bytes => Assert.DoesNotContain(insz, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal));
        }

        var found = await ToListAsync(store.ReadAsync(Now.AddDays(-1), Now.AddDays(1), _keys.BlindIndex(Vrijwilliger), CancellationToken.None));
        var personal = _keys.Unprotect(found[0].KeyId, found[0].Personal, AuditRecord.AssociatedData(found[0].Instance, found[0].Sequence, found[0].Ticket));
        Assert.Equal(5, found.Count);
        Assert.Equal(Staff, personal.User);
        Assert.Equal([Gebruiker, Vrijwilliger], personal.Subjects);
        Assert.Empty(await ToListAsync(store.ReadAsync(Now.AddDays(-1), Now.AddDays(1), _keys.BlindIndex("05031298769"), CancellationToken.None)));
    }

    [Fact]
    public async Task RotatedKeys_OldRecordsStillDecrypt_AndAMovedCiphertextDoesNot()
    {
        var store = await WriteFiveWithCheckpointAsync();
        var rotated = new AuditKeys("k2", new Dictionary<string, byte[]> { ["k1"] = K1, ["k2"] = RandomNumberGenerator.GetBytes(32) }, IndexKey);
        var records = await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None));

        var old = rotated.Unprotect(records[0].KeyId, records[0].Personal, AuditRecord.AssociatedData("gw-1", 1, records[0].Ticket));

        Assert.Equal(Staff, old.User);
        Assert.ThrowsAny<CryptographicException>(() => rotated.Unprotect(records[0].KeyId, records[0].Personal, AuditRecord.AssociatedData("gw-1", 2, records[1].Ticket)));
    }

    [Fact]
    public async Task StoreFailure_FailsTheAppend_AndTheChainGoesOnWhenTheStoreIsBack()
    {
        var store = new FlakyAuditStore(new SqliteAuditStore(DatabasePath));
        await using var log = await AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None);
        await log.AppendAsync(Entry("a"), CancellationToken.None);

        store.Down = true;
        await Assert.ThrowsAsync<AuditUnavailableException>(() => log.AppendAsync(Entry("b"), CancellationToken.None));
        store.Down = false;
        await log.AppendAsync(Entry("c"), CancellationToken.None);

        var records = await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None));
        Assert.Equal(["a", "c"], records.Select(r => r.Ticket));
        Assert.True((await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task RecordsArrivingDuringACommit_GoTogetherIntoTheNext_AndTheFirstCallerDoesNotWaitForThem()
    {
        var store = new FlakyAuditStore(new SqliteAuditStore(DatabasePath));
        await using var log = await AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None);
        var slowDisk = new TaskCompletionSource();
        var slowerDisk = new TaskCompletionSource();
        store.Gate = slowDisk.Task;

        var first = log.AppendAsync(Entry("first"), CancellationToken.None);
        while (store.Entered == 0)
        {
            await Task.Delay(5);
        }

        var others = Enumerable.Range(0, 50).Select(i => log.AppendAsync(Entry($"o{i:D2}"), CancellationToken.None)).ToArray();
        store.Gate = slowerDisk.Task;
        slowDisk.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        var othersDoneBeforeTheirCommit = others.Count(t => t.IsCompleted);
        slowerDisk.SetResult();
        await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, othersDoneBeforeTheirCommit);
        Assert.Equal([1, 50], store.Batches);
        var records = await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None));
        Assert.Equal(["first", .. Enumerable.Range(0, 50).Select(i => $"o{i:D2}")], records.Select(r => r.Ticket));
        Assert.True((await AuditVerifier.VerifyAsync(store, Trust, CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task AClosedLog_RefusesAppends_AfterCommittingWhatWasQueued()
    {
        var store = new FlakyAuditStore(new SqliteAuditStore(DatabasePath));
        var log = await AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None);
        var slowDisk = new TaskCompletionSource();
        store.Gate = slowDisk.Task;
        var appends = Enumerable.Range(0, 5).Select(i => log.AppendAsync(Entry($"t{i}"), CancellationToken.None)).ToArray();

        var closing = log.DisposeAsync().AsTask();
        slowDisk.SetResult();
        await closing.WaitAsync(TimeSpan.FromSeconds(10));

        await Task.WhenAll(appends);
        await Assert.ThrowsAsync<AuditUnavailableException>(() => log.AppendAsync(Entry("late"), CancellationToken.None));
        Assert.Equal(5, (await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None))).Count);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<SqliteAuditStore> WriteFiveWithCheckpointAsync()
    {
        var store = new SqliteAuditStore(DatabasePath);
        await using var log = await AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None);
        for (var i = 1; i <= 5; i++)
        {
            await log.AppendAsync(Entry($"t{i}"), CancellationToken.None);
        }

        await store.SaveCheckpointAsync(AuditCheckpoints.Sign("gw-1", log.Head.Sequence, log.Head.Hash, Now, TestCertificates.Gateway), CancellationToken.None);
        return store;
    }

    private static AuditEntry Entry(string ticket) => new()
    {
        Received = Now,
        Answered = Now.AddMilliseconds(120),
        Ticket = ticket,
        Reference = "REF-1",
        Operation = "send",
        Ondernemingsnummer = "0212344876",
        Dienst = 123,
        User = Staff,
        Subjects = [Gebruiker, Vrijwilliger],
        ReturnCode = 0,
        ItemsAccepted = 1,
        CallerAddress = "127.0.0.1",
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
