using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using VrijwilligeOppas.Audit;

namespace VrijwilligeOppas.Benchmarks;

/// <summary>
/// Whether a lone audit record gets dearer as the database grows: the median time of sequential single appends
/// (no other record to share a commit with, as at one connection) with 0, 20 000 and 100 000 records already held.
/// </summary>
internal static class AuditGrowth
{
    public const string Switch = "--audit-growth";

    public static async Task RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("vo-audit-growth-").FullName;
        try
        {
            var keys = new AuditKeys("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32));
            var database = Path.Combine(folder, "audit.db");
            await using var log = await AuditLog.OpenAsync(new SqliteAuditStore(database), keys, "growth", CancellationToken.None);
            long written = 0;
            foreach (var held in new[] { 0, 20_000, 100_000 })
            {
                while (written < held)
                {
                    await Task.WhenAll(Enumerable.Range(0, 256).Select(_ => log.AppendAsync(Entry(written++), CancellationToken.None)));
                }

                var times = new List<double>();
                for (var i = 0; i < 300; i++)
                {
                    var watch = Stopwatch.StartNew();
                    await log.AppendAsync(Entry(written++), CancellationToken.None);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{held,7:N0} records held: a lone append's median {times[times.Count / 2]:0.000} ms, p90 {times[times.Count * 9 / 10]:0.000} ms; database {new FileInfo(database).Length / 1e6:0.0} MB"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    // Two subjects per record, different from record to record, as a month of single prestaties would have.
    private static AuditEntry Entry(long n) => new()
    {
        Received = DateTimeOffset.UtcNow,
        Answered = DateTimeOffset.UtcNow,
        Ticket = n.ToString(CultureInfo.InvariantCulture),
        Operation = "send",
        Ondernemingsnummer = "0212344876",
        Dienst = 123,
        User = "85073003328",
        Subjects = [(48_010_100_000 + (n * 2 % 99_999)).ToString("D11", CultureInfo.InvariantCulture), (79_021_500_000 + (n * 3 % 99_999)).ToString("D11", CultureInfo.InvariantCulture)],
        ReturnCode = 0,
        ItemsAccepted = 1,
    };
}
