using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace VrijwilligeOppas.Audit.Tests;

/// <summary>
/// The writer that cannot die: a record that cannot be built, a store that refuses or never answers, a chain head
/// that cannot be read back. Each fails exactly the callers concerned, is logged once, and the chain goes on.
/// </summary>
public sealed class AuditWriterTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 15, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("vo-audit-writer-").FullName;
    private readonly AuditKeys _keys = new("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32));
    private readonly ListLogger _logger = new();

    [Fact]
    public async Task ARecordThatCannotBeBuilt_FailsOnlyItsCaller_IsLoggedOnce_AndTheWriterGoesOn()
    {
        var store = new FlakyAuditStore(new SqliteAuditStore(Path.Combine(_folder, "audit.db")));
        await using var log = await OpenAsync(store, TimeSpan.FromSeconds(30));
        var slowDisk = new TaskCompletionSource();
        store.Gate = slowDisk.Task;
        var first = log.AppendAsync(Entry("first"), CancellationToken.None);
        while (store.Entered == 0)
        {
            await Task.Delay(5);
        }

        // These three go into one batch; the middle one has no subject list, so its record cannot be built.
        var before = log.AppendAsync(Entry("before"), CancellationToken.None);
        var broken = log.AppendAsync(Entry("broken") with { Subjects = null! }, CancellationToken.None);
        var after = log.AppendAsync(Entry("after"), CancellationToken.None);
        store.Gate = null;
        slowDisk.SetResult();

        await Assert.ThrowsAsync<AuditUnavailableException>(() => broken);
        await Task.WhenAll(first, before, after);
        await log.AppendAsync(Entry("later"), CancellationToken.None);

        var records = await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None));
        Assert.Equal(["first", "before", "after", "later"], records.Select(r => r.Ticket));
        Assert.True((await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None)).IsIntact);
        Assert.True(log.IsAvailable);
        Assert.Equal(1, _logger.Count("AuditRecordNotBuilt"));
    }

    [Fact]
    public async Task AStoreThatNeverAnswers_FailsTheAppendAfterTheTimeout_AndTheChainContinuesWhenItAnswersAgain()
    {
        var store = new FlakyAuditStore(new SqliteAuditStore(Path.Combine(_folder, "audit.db")));
        await using var log = await OpenAsync(store, TimeSpan.FromMilliseconds(300));
        await log.AppendAsync(Entry("a"), CancellationToken.None);
        var hung = new TaskCompletionSource();
        store.Gate = hung.Task;

        await Assert.ThrowsAsync<AuditUnavailableException>(() => log.AppendAsync(Entry("b"), CancellationToken.None));
        Assert.False(log.IsAvailable);
        store.Gate = null;
        hung.SetResult();
        await log.AppendAsync(Entry("c"), CancellationToken.None);

        var records = await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None));
        Assert.Equal(["a", "c"], records.Select(r => r.Ticket));
        Assert.True((await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None)).IsIntact);
        Assert.True(log.IsAvailable);
        Assert.Equal(1, _logger.Count("AuditAppendTimedOut") + _logger.Count("AuditCommitFailed"));
    }

    [Fact]
    public async Task AFailedBatch_FailsEveryCallerInIt_IsLoggedOnce_AndAFailedHeadRecoveryIsLogged()
    {
        var store = new FlakyAuditStore(new SqliteAuditStore(Path.Combine(_folder, "audit.db")));
        await using var log = await OpenAsync(store, TimeSpan.FromSeconds(30));
        await log.AppendAsync(Entry("a"), CancellationToken.None);
        var slowDisk = new TaskCompletionSource();
        store.Gate = slowDisk.Task;
        var first = log.AppendAsync(Entry("first"), CancellationToken.None);
        while (store.Entered < 2)
        {
            await Task.Delay(5);
        }

        var batch = Enumerable.Range(0, 5).Select(i => log.AppendAsync(Entry($"b{i}"), CancellationToken.None)).ToArray();
        (store.Down, store.HeadDown, store.Gate) = (true, true, null);
        slowDisk.SetResult();

        await Assert.ThrowsAsync<AuditUnavailableException>(() => first);
        foreach (var append in batch)
        {
            await Assert.ThrowsAsync<AuditUnavailableException>(() => append);
        }

        (store.Down, store.HeadDown) = (false, false);
        await log.AppendAsync(Entry("c"), CancellationToken.None);

        Assert.Equal(2, _logger.Count("AuditCommitFailed")); // one line for "first", one for the batch of five
        Assert.Equal(2, _logger.Count("AuditHeadNotRecovered"));
        Assert.Equal(["a", "c"], (await ToListAsync(store.ReadChainAsync("gw-1", CancellationToken.None))).Select(r => r.Ticket));
        Assert.True((await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None)).IsIntact);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<AuditLog> OpenAsync(IAuditStore store, TimeSpan timeout) =>
        AuditLog.OpenAsync(store, _keys, "gw-1", CancellationToken.None, new AuditLogOptions { AppendTimeout = timeout, Logger = _logger });

    private static AuditEntry Entry(string ticket) => new()
    {
        Received = Now,
        Answered = Now,
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
