using System.Diagnostics;
using System.Globalization;
using Npgsql;
using VrijwilligeOppas.Audit;

// Ten years of audit log, generated, then the typical searches timed (docs/performance.md, "Issue 15: audit search").
//   dotnet run -c Release --project bench/AuditSearch -- sqlite /tmp/vo-audit-bench.db [records] [--search-only]
//   dotnet run -c Release --project bench/AuditSearch -- postgres "Host=…;Username=…;Database=postgres" [records] [--search-only]
// Records are real records (AuditRecord.Create: encrypted personal part, blind indexes, keyed Reference hash, two
// hash chains) appended through the store's own AppendAsync in batches, not through the group-commit writer.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: AuditSearch sqlite PATH | postgres CONNECTION-STRING  [records, default 3000000] [--search-only]");
    return 2;
}

var total = args.Length > 2 && int.TryParse(args[2], CultureInfo.InvariantCulture, out var n) ? n : 3_000_000;
var searchOnly = args.Contains("--search-only");
IAuditStore store;
NpgsqlDataSource? dataSource = null;
if (args[0] == "sqlite")
{
    if (!searchOnly)
    {
        foreach (var file in new[] { args[1], args[1] + "-wal", args[1] + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    store = new SqliteAuditStore(args[1]);
}
else
{
    var database = "vo_audit_bench";
    await using (var server = NpgsqlDataSource.Create(args[1]))
    {
        if (!searchOnly)
        {
            await using var drop = server.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
            await using var create = server.CreateCommand($"CREATE DATABASE {database}");
            await create.ExecuteNonQueryAsync();
        }
    }

    dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(args[1]) { Database = database }.ConnectionString);
    store = new PostgresAuditStore(dataSource);
}

await store.MigrateAsync(CancellationToken.None);
var log = new Log(total);
if (!searchOnly)
{
    await log.GenerateAsync(store);
    if (dataSource is not null)
    {
        await using var analyze = dataSource.CreateCommand("VACUUM ANALYZE");
        await analyze.ExecuteNonQueryAsync();
    }
}

else if (dataSource is not null)
{
    await using var analyze = dataSource.CreateCommand("ANALYZE");
    await analyze.ExecuteNonQueryAsync();
}

// A generation stopped early (the store keeps whole batches) is searched as far as it got.
var written = (await store.HeadAsync("gw-1", CancellationToken.None)).Sequence + (await store.HeadAsync("gw-2", CancellationToken.None)).Sequence;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"searching {written:N0} records"));
await new Searches(store, log, (int)(await store.HeadAsync("gw-1", CancellationToken.None)).Sequence).RunAsync();
if (dataSource is not null)
{
    await dataSource.DisposeAsync();
}

return 0;

/// <summary>The generated log: its shape, and the values a search can be sure to find in it.</summary>
internal sealed class Log(int records)
{
    public static readonly DateTimeOffset Start = new(2016, 12, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset End = Start.AddYears(10);
    public static readonly AuditKeys Keys = new("k1", new Dictionary<string, byte[]> { ["k1"] = [.. Enumerable.Range(1, 32).Select(i => (byte)i)] }, [.. Enumerable.Range(64, 32).Select(i => (byte)i)]);

    public const int Organisations = 300;
    public const int People = 300_000;

    /// <summary>One refusal in ten; of those, one in a thousand has the rare code.</summary>
    public static readonly string[] RefusalCodes = ["GEBRUIKER_ONBEKEND", "DIENST_ONBEKEND", "VRIJWILLIGER_ONBEKEND", "PERIODE_ONGELDIG", "CENTRALE_DIENST_ONBESCHIKBAAR", "SOAP_FAULT_CLIENT", "CLIENT_DISCONNECTED"];

    public const string RareCode = "HANDTEKENING_ONGELDIG";

    /// <summary>About two records a message (forwarding and outcome; refusals have one).</summary>
    public int Messages { get; } = records * 100 / 190;

    public int Records => records;

    public static string Ondernemingsnummer(int organisation) => (200_000_000 + (organisation * 7919)).ToString("D10", CultureInfo.InvariantCulture);

    public static string Person(int person) => (40_000_000_000L + person).ToString(CultureInfo.InvariantCulture);

    public DateTimeOffset Received(int message) => Start.AddMilliseconds((End - Start).TotalMilliseconds * message / Messages);

    public static string Ticket(int message) => message.ToString("x32", CultureInfo.InvariantCulture);

    public static string Reference(int message) => "OCMW-" + (message / 3).ToString("D9", CultureInfo.InvariantCulture);

    public static int Organisation(int message) => (int)((uint)(message * 2654435761) % Organisations);

    public static int Dienst(int message) => 1000 + (Organisation(message) * 2) + (message % 2);

    public static bool Refused(int message) => message % 10 == 9;

    public static string? ReasonCode(int message) => !Refused(message) ? null : message % 10_000 == 9 ? RareCode : RefusalCodes[message / 10 % RefusalCodes.Length];

    public static string Operation(int message) => (message % 100) switch { < 60 => "send", < 85 => "consult", < 99 => "delete", _ => "testconnection" };

    public static int FirstPerson(int message) => (int)((uint)(message * 40503) % People);

    public async Task GenerateAsync(IAuditStore store)
    {
        var heads = new Dictionary<string, (long Sequence, byte[] Hash)> { ["gw-1"] = (0, AuditRecord.Genesis), ["gw-2"] = (0, AuditRecord.Genesis) };
        var batch = new Dictionary<string, List<AuditRecord>> { ["gw-1"] = [], ["gw-2"] = [] };
        var watch = Stopwatch.StartNew();
        var written = 0;
        for (var message = 0; message < Messages && written < records; message++)
        {
            var instance = message % 2 == 0 ? "gw-1" : "gw-2";
            foreach (var entry in Entries(message))
            {
                var (sequence, hash) = heads[instance];
                var record = AuditRecord.Create(entry, instance, sequence + 1, hash, Keys);
                heads[instance] = (record.Sequence, record.Hash);
                batch[instance].Add(record);
                written++;
            }

            if (batch[instance].Count >= 2000)
            {
                await store.AppendAsync(batch[instance], CancellationToken.None);
                batch[instance].Clear();
            }

            if (message % 200_000 == 0 && message > 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{written:N0} records, {watch.Elapsed.TotalSeconds:0} s"));
            }
        }

        foreach (var rest in batch.Values.Where(b => b.Count > 0))
        {
            await store.AppendAsync(rest, CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {written:N0} records ({Messages:N0} messages over 10 years, 2 chains) in {watch.Elapsed.TotalSeconds:0} s"));
    }

    private IEnumerable<AuditEntry> Entries(int message)
    {
        var organisation = Organisation(message);
        var received = Received(message);
        var outcome = new AuditEntry
        {
            Received = received,
            Answered = received.AddMilliseconds(180 + (message % 400)),
            Ticket = Ticket(message),
            Reference = Reference(message),
            Operation = Operation(message),
            Ondernemingsnummer = Ondernemingsnummer(organisation),
            Dienst = Dienst(message),
            User = Person(People + organisation),
            Subjects = [Person(FirstPerson(message)), Person((FirstPerson(message) + 7) % People)],
            ReturnCode = Refused(message) ? 10000 : message % 10 == 7 ? 1 : 0,
            ReasonCode = ReasonCode(message),
            ItemReasonCodes = message % 10 == 7 ? ["PRESTATIE_OVERLAPT"] : [],
            ItemsAccepted = Refused(message) || message % 10 == 7 ? 0 : 1,
            ItemsRefused = message % 10 == 7 ? 1 : 0,
            CallerCertificate = "SHA256:" + organisation.ToString("X64", CultureInfo.InvariantCulture) + " CN=ocmw-" + organisation.ToString(CultureInfo.InvariantCulture),
            CallerAddress = "10.1." + (organisation / 250).ToString(CultureInfo.InvariantCulture) + "." + (organisation % 250).ToString(CultureInfo.InvariantCulture),
        };

        // A message the gateway forwarded has its forwarding record first; a refusal has only its outcome.
        return Refused(message)
            ? [outcome]
            : [outcome with { Stage = AuditStage.Forwarding, Answered = received.AddMilliseconds(3), ReturnCode = AuditEntry.NoReturnCode, ItemReasonCodes = [], ItemsAccepted = 0, ItemsRefused = 0 }, outcome];
    }
}

/// <summary>The searches an operator and an inquiry make, each timed: the median of five runs after one to warm up.</summary>
internal sealed class Searches(IAuditStore store, Log log, int messagesWritten)
{
    public async Task RunAsync()
    {
        var all = new AuditQuery { From = Log.Start, To = Log.End, Limit = 100 };
        // gw-1 holds the even messages, two records each (refusals are odd): its length is the number of messages.
        var message = Math.Min(log.Messages, messagesWritten) * 37 / 100;
        var organisation = Log.Organisation(message);
        var middle = log.Received(Math.Min(log.Messages, messagesWritten) / 2);
        Console.WriteLine("| search | records on the page | median ms |");
        Console.WriteLine("| --- | --- | --- |");
        await TimeAsync("by ticket, 10 years", all with { Ticket = Log.Ticket(message) });
        await TimeAsync("by Reference (keyed hash), 10 years", all.WithReference(Log.Reference(message), Log.Keys));
        await TimeAsync("by INSZ (blind index), 10 years", all.WithInsz(Log.Person(Log.FirstPerson(message)), Log.Keys));
        await TimeAsync("by ondernemingsnummer, 10 years, page 1", all with { Ondernemingsnummer = Log.Ondernemingsnummer(organisation) });
        await TimeAsync("by ondernemingsnummer, one month, page 1", all with { Ondernemingsnummer = Log.Ondernemingsnummer(organisation), From = middle, To = middle.AddMonths(1) });
        await TimeAsync("by ondernemingsnummer + ReturnCode 10000, 10 years", all with { Ondernemingsnummer = Log.Ondernemingsnummer(organisation), ReturnCode = 10000 });
        await TimeAsync("by erkenningsnummer, 10 years, page 1", all with { Erkenningsnummer = Log.Dienst(message) });
        await TimeAsync("by ReasonCode (common: GEBRUIKER_ONBEKEND), 10 years", all with { ReasonCode = "GEBRUIKER_ONBEKEND" });
        await TimeAsync($"by ReasonCode (rare: {Log.RareCode}), 10 years", all with { ReasonCode = Log.RareCode });
        await TimeAsync("by item ReasonCode (PRESTATIE_OVERLAPT), 10 years", all with { ReasonCode = "PRESTATIE_OVERLAPT" });
        await TimeAsync("by operation (rare: testconnection), 10 years", all with { Operation = "testconnection" });
        await TimeAsync("no filter, 10 years, page 1", all);
        await PagesAsync("by ondernemingsnummer, 10 years", all with { Ondernemingsnummer = Log.Ondernemingsnummer(organisation) });
        await PagesAsync("no filter, 10 years", all);
    }

    private async Task TimeAsync(string name, AuditQuery query)
    {
        var (count, median) = await MedianAsync(query);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {count} | {median:0.0} |"));
    }

    /// <summary>Fifty pages one after the other, each from the previous page's cursor; then page 50 alone.</summary>
    private async Task PagesAsync(string name, AuditQuery query)
    {
        var watch = Stopwatch.StartNew();
        var page = await store.SearchAsync(query, CancellationToken.None);
        string? before50 = null;
        for (var number = 2; number <= 50 && page.NextCursor is not null; number++)
        {
            before50 = page.NextCursor;
            page = await store.SearchAsync(query with { After = page.NextCursor }, CancellationToken.None);
        }

        var walk = watch.Elapsed.TotalMilliseconds;
        var (count, median) = await MedianAsync(query with { After = before50 });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name}, page 50 (pages 1–50 one after the other: {walk:0} ms) | {count} | {median:0.0} |"));
    }

    private async Task<(int Count, double Median)> MedianAsync(AuditQuery query)
    {
        var times = new List<double>();
        var count = 0;
        for (var run = 0; run < 6; run++)
        {
            var watch = Stopwatch.StartNew();
            count = (await store.SearchAsync(query, CancellationToken.None)).Records.Count;
            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return (count, times[times.Count / 2]);
    }
}
