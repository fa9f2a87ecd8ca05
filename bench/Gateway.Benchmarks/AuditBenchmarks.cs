using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using VrijwilligeOppas.Audit;

namespace VrijwilligeOppas.Benchmarks;

/// <summary>
/// Audit append on SQLite (WAL, synchronous FULL): N messages appended concurrently, as N requests would. The
/// baseline is the bare cost of the storage: N single-row transactions of the same size, one after the other, in
/// the same run. Group commit should make the log cheaper than that, not dearer.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1063 // BenchmarkDotNet needs the class unsealed; GlobalCleanup does the real work
public class AuditBenchmarks : IDisposable
#pragma warning restore CA1063
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 15, 0, TimeSpan.Zero);
    private static readonly string[] SearchIndexes =
        ["audit_record_received", "audit_record_ticket", "audit_record_reference", "audit_record_ondernemingsnummer", "audit_record_dienst", "audit_record_operation", "audit_record_return_code"];
    private readonly AuditKeys _keys = new("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32));
    private string _folder = string.Empty;
    private AuditLog _log = null!;
    private AuditLog _unindexed = null!;
    private SqliteConnection _bare = null!;
    private int _round;

    [Params(1, 64)]
    public int Concurrent { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("vo-audit-bench-").FullName;
        _log = AuditLog.OpenAsync(new SqliteAuditStore(Path.Combine(_folder, "audit.db")), _keys, "bench", CancellationToken.None).GetAwaiter().GetResult();

        // The same store with issue 15's search indexes dropped: not a configuration anyone runs, only what they cost.
        var unindexed = Path.Combine(_folder, "unindexed.db");
        var store = new SqliteAuditStore(unindexed);
        store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        using (var connection = new SqliteConnection($"Data Source={unindexed}"))
        {
            connection.Open();
            using var drop = new SqliteCommand(string.Concat(SearchIndexes.Select(index => $"DROP INDEX {index};")), connection);
            drop.ExecuteNonQuery();
        }

        _unindexed = AuditLog.OpenAsync(store, _keys, "bench", CancellationToken.None).GetAwaiter().GetResult();
        _bare = new SqliteConnection($"Data Source={Path.Combine(_folder, "bare.db")}");
        _bare.Open();
        using var create = new SqliteCommand("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)", _bare);
        create.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _bare?.Dispose();
        GC.SuppressFinalize(this);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _unindexed.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _bare.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "bare SQLite: one transaction per row")]
    public void BareInserts()
    {
        var payload = new byte[400];
        for (var i = 0; i < Concurrent; i++)
        {
            using var transaction = _bare.BeginTransaction();
            using var insert = new SqliteCommand("INSERT INTO t (payload) VALUES ($p)", _bare, transaction);
            insert.Parameters.AddWithValue("$p", payload);
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    [Benchmark(Description = "audit log: concurrent appends (group commit)")]
    public Task AuditAppends() => Append(_log);

    [Benchmark(Description = "the same without the seven search indexes")]
    public Task AuditAppendsUnindexed() => Append(_unindexed);

    private Task Append(AuditLog log)
    {
        var round = Interlocked.Increment(ref _round);
        return Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i => log.AppendAsync(new AuditEntry
        {
            Received = Now,
            Answered = Now,
            Ticket = $"{round}-{i}",
            Operation = "send",
            Ondernemingsnummer = "0212344876",
            Dienst = 123,
            User = "85073003328",
            Subjects = ["48010145644", "79021512333"],
            ReturnCode = 0,
            ItemsAccepted = 1,
        }, CancellationToken.None)));
    }
}
