using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace VrijwilligeOppas.Audit.Tests;

/// <summary>
/// The audit search, the same on every store: each filter finds exactly its records, pages neither repeat nor skip,
/// a value never becomes SQL, and records written before the search existed (format 1) still verify and are found.
/// </summary>
internal static class AuditSearchScenarios
{
    public const string InszA = "48010145644";
    public const string InszB = "79021512333";
    public const string Staff = "85073003328";
    public const string Hostile = "' OR 1=1 --";
    public static readonly DateTimeOffset Base = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    public static readonly AuditKeys Keys = new("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32));

    /// <summary>The keys format1-chain.db was written with (see Fixtures/format1-chain.written-by.cs.txt).</summary>
    public static readonly AuditKeys FixtureKeys = new("k2025", new Dictionary<string, byte[]> { ["k2025"] = [.. Enumerable.Range(1, 32).Select(i => (byte)i)] }, [.. Enumerable.Range(101, 32).Select(i => (byte)i)]);

    private static readonly string[] OperationNames = ["send", "delete", "consult"];

    /// <summary>Sixty messages on two chains, four per minute so that received times tie across chains.</summary>
    public static readonly IReadOnlyList<(string Instance, AuditEntry Entry)> Messages = [.. Enumerable.Range(0, 60).Select(Message)];

    public static AuditQuery All => new() { From = Base.AddDays(-1), To = Base.AddDays(1), Limit = AuditQuery.MaxLimit };

    public static async Task WriteMessagesAsync(IAuditStore store)
    {
        await using var first = await AuditLog.OpenAsync(store, Keys, "gw-1", CancellationToken.None);
        await using var second = await AuditLog.OpenAsync(store, Keys, "gw-2", CancellationToken.None);
        foreach (var (instance, entry) in Messages)
        {
            await (instance == "gw-1" ? first : second).AppendAsync(entry, CancellationToken.None);
        }
    }

    public static async Task EveryFilter_FindsExactlyItsRecords_InPagingOrder(IAuditStore store)
    {
        await WriteMessagesAsync(store);
        var cases = new (AuditQuery Query, Func<string, AuditEntry, bool> Expected)[]
        {
            (All, (_, _) => true),
            (All with { From = Base.AddMinutes(2), To = Base.AddMinutes(5) }, (_, e) => e.Received >= Base.AddMinutes(2) && e.Received < Base.AddMinutes(5)),
            (All with { Ticket = "t017" }, (_, e) => e.Ticket == "t017"),
            (All.WithReference("REF-3", Keys), (_, e) => e.Reference == "REF-3"),
            (All.WithReference(Hostile, Keys), (_, e) => e.Reference == Hostile),
            (All.WithReference("ref-3", Keys), (_, _) => false), // exact value: a keyed hash has no case-insensitivity
            (All.WithInsz(InszA, Keys), (_, e) => e.Subjects.Contains(InszA)),
            (All.WithInsz(Staff, Keys), (_, _) => true),
            (All with { Ondernemingsnummer = "0207123407" }, (_, e) => e.Ondernemingsnummer == "0207123407"),
            (All with { Erkenningsnummer = 101 }, (_, e) => e.Dienst == 101),
            (All with { Operation = "consult" }, (_, e) => e.Operation == "consult"),
            (All with { ReturnCode = 10000 }, (_, e) => e.ReturnCode == 10000),
            (All with { ReturnCode = 1 }, (_, e) => e.ReturnCode == 1),
            (All with { ReasonCode = "GEBRUIKER_ONBEKEND" }, (_, e) => e.ReasonCode == "GEBRUIKER_ONBEKEND" || e.ItemReasonCodes.Contains("GEBRUIKER_ONBEKEND")),
            (All with { ReasonCode = "DUUR_TE_LANG" }, (_, e) => e.ItemReasonCodes.Contains("DUUR_TE_LANG")),
            (All with { ReasonCode = "GEEN_ENKELE" }, (_, _) => false),
            (All with { Ondernemingsnummer = "0212344876", ReturnCode = 1, From = Base.AddMinutes(3) }, (_, e) => e.Ondernemingsnummer == "0212344876" && e.ReturnCode == 1 && e.Received >= Base.AddMinutes(3)),
            (All with { ReasonCode = "GEBRUIKER_ONBEKEND", Operation = "send", Erkenningsnummer = 100 }, (_, e) => (e.ReasonCode == "GEBRUIKER_ONBEKEND" || e.ItemReasonCodes.Contains("GEBRUIKER_ONBEKEND")) && e.Operation == "send" && e.Dienst == 100),
            (All.WithInsz(InszB, Keys) with { Ondernemingsnummer = "0212344876", ReasonCode = "DIENST_ONBEKEND" }, (_, e) => e.Subjects.Contains(InszB) && e.Ondernemingsnummer == "0212344876" && e.ReasonCode == "DIENST_ONBEKEND"),
        };

        foreach (var (query, expected) in cases)
        {
            var page = await store.SearchAsync(query, CancellationToken.None);

            Assert.Equal(Expected(expected), page.Records.Select(r => r.Ticket));
            Assert.Null(page.NextCursor);
        }
    }

    public static async Task Paging_NeitherRepeatsNorSkips_EvenWhileRecordsAreAppended(IAuditStore store)
    {
        await WriteMessagesAsync(store);
        foreach (var (query, limit) in new[] { (All, 7), (All with { Ondernemingsnummer = "0212344876" }, 4), (All with { ReasonCode = "GEBRUIKER_ONBEKEND" }, 1), (All.WithInsz(InszB, Keys), 11) })
        {
            var expected = (await store.SearchAsync(query, CancellationToken.None)).Records.Select(r => (r.Instance, r.Sequence)).ToList();
            var seen = new List<(string, long)>();
            string? after = null;
            var pages = 0;
            do
            {
                var page = await store.SearchAsync(query with { Limit = limit, After = after }, CancellationToken.None);
                Assert.InRange(page.Records.Count, 1, limit);
                seen.AddRange(page.Records.Select(r => (r.Instance, r.Sequence)));
                after = page.NextCursor;
                pages++;
            }
            while (after is not null);

            Assert.Equal(expected, seen);
            Assert.Equal((expected.Count + limit - 1) / limit, pages);
        }

        // A record received before the cursor, appended between two pages, does not move the pages after it.
        var firstPage = await store.SearchAsync(All with { Limit = 30 }, CancellationToken.None);
        await using (var late = await AuditLog.OpenAsync(store, Keys, "gw-1", CancellationToken.None))
        {
            await late.AppendAsync(Messages[0].Entry with { Ticket = "early", Received = Base.AddSeconds(1) }, CancellationToken.None);
            await late.AppendAsync(Messages[0].Entry with { Ticket = "later", Received = Base.AddHours(1) }, CancellationToken.None);
        }

        var rest = await store.SearchAsync(All with { After = firstPage.NextCursor }, CancellationToken.None);
        Assert.Equal([.. Expected((_, _) => true).Skip(30), "later"], rest.Records.Select(r => r.Ticket));
    }

    public static async Task HostileValues_AreRefusedOrStayValues(IAuditStore store)
    {
        await WriteMessagesAsync(store);

        // A cursor is opaque but decodable: an instance in it that reads as SQL is compared as a string, nothing more.
        var hostileCursor = new AuditCursor(Base.AddMinutes(3).ToUnixTimeMilliseconds(), "gw-1" + Hostile, 1).ToString();
        var after = await store.SearchAsync(All with { After = hostileCursor }, CancellationToken.None);
        var expected = Messages.Where(m => m.Entry.Received > Base.AddMinutes(3) || (m.Entry.Received == Base.AddMinutes(3) && m.Instance == "gw-2")).Select(m => m.Entry.Ticket);

        Assert.Equal(expected.Order(StringComparer.Ordinal), after.Records.Select(r => r.Ticket).Order(StringComparer.Ordinal));
        foreach (var bad in BadQueries())
        {
            await Assert.ThrowsAsync<ArgumentException>(() => store.SearchAsync(bad, CancellationToken.None));
        }

        Assert.Equal(60, (await store.SearchAsync(All, CancellationToken.None)).Records.Count);
        Assert.Single((await store.SearchAsync(All.WithReference(Hostile, Keys), CancellationToken.None)).Records);
    }

    /// <summary>Queries <see cref="AuditQuery.Validate"/> refuses: each names what is wrong.</summary>
    public static IEnumerable<AuditQuery> BadQueries() =>
    [
        All with { Ticket = Hostile },
        All with { Ticket = "t001'; DROP TABLE audit_record; --" },
        All with { Ticket = string.Empty },
        All with { Ondernemingsnummer = "0212344876' OR '1'='1" },
        All with { Ondernemingsnummer = "021234487" },
        All with { Operation = "send' --" },
        All with { Operation = "SEND" },
        All with { ReasonCode = "X'; DROP TABLE audit_record; --" },
        All with { ReasonCode = "gebruiker_onbekend" },
        All with { ReferenceIndex = Hostile },
        All with { SubjectIndex = InszA },
        All with { After = "'; DROP TABLE audit_record --" },
        All with { After = "AQ" },
        All with { Erkenningsnummer = 0 },
        All with { ReturnCode = 2 },
        All with { Limit = 0 },
        All with { Limit = AuditQuery.MaxLimit + 1 },
        All with { From = Base, To = Base },
    ];

    /// <summary>
    /// Records of the fixture written by the code before issue 15 (format 1, Reference in plaintext) in
    /// <paramref name="store"/>, followed by format 2 records on the same chain: all verify, and every filter finds both.
    /// </summary>
    public static async Task Format1Records_StillVerify_AndAreFound(IAuditStore store)
    {
        var verification = await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None);
        Assert.True(verification.IsIntact, string.Join("; ", verification.Chains.SelectMany(c => c.Problems)));
        var period = new AuditQuery { From = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), To = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        Assert.Empty((await store.SearchAsync(period.WithReference("REF-2025-0001", FixtureKeys), CancellationToken.None)).Records);

        Assert.Equal(5, await store.IndexLegacyReferencesAsync(FixtureKeys.ReferenceIndex, CancellationToken.None));
        Assert.Equal(0, await store.IndexLegacyReferencesAsync(FixtureKeys.ReferenceIndex, CancellationToken.None));
        await using (var log = await AuditLog.OpenAsync(store, FixtureKeys, "gw-old", CancellationToken.None))
        {
            await log.AppendAsync(new AuditEntry
            {
                Received = new(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), Answered = new(2025, 3, 14, 10, 0, 1, TimeSpan.Zero), Ticket = "new0001",
                Reference = "REF-2025-0001", Operation = "send", Ondernemingsnummer = "0212344876", Dienst = 123, User = Staff, Subjects = [InszA],
                ReturnCode = 1, ItemReasonCodes = ["GEBRUIKER_ONBEKEND"],
            }, CancellationToken.None);
        }

        var records = new List<AuditRecord>();
        await foreach (var record in store.ReadChainAsync("gw-old", CancellationToken.None))
        {
            records.Add(record);
        }

        verification = await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None);
        Assert.True(verification.IsIntact, string.Join("; ", verification.Chains.SelectMany(c => c.Problems)));
        Assert.Equal([1, 1, 1, 1, 1, 1, 2], records.Select(r => r.Format));
        Assert.Equal("REF-2025-0001", records[0].Reference);
        Assert.Null(records[^1].Reference); // format 2: only encrypted, and its keyed hash
        Assert.Equal("REF-2025-0001", FixtureKeys.Unprotect(records[^1].KeyId, records[^1].Personal, AuditRecord.AssociatedData("gw-old", 7, "new0001")).Reference);
        Assert.Equal(["old0001", "old0001", "old0005", "new0001"], await TicketsAsync(store, period.WithReference("REF-2025-0001", FixtureKeys)));
        Assert.Equal(["old0002", "new0001"], await TicketsAsync(store, period with { ReasonCode = "GEBRUIKER_ONBEKEND" }));
        Assert.Equal(["old0004"], await TicketsAsync(store, period with { ReasonCode = "SOAP_FAULT_CLIENT" }));
        Assert.Equal(["old0003"], await TicketsAsync(store, period with { Operation = "consult", Ondernemingsnummer = "0212344876", Erkenningsnummer = 123 }));
        Assert.Equal(["old0001", "old0001", "old0002", "old0003", "old0005"], await TicketsAsync(store, period.WithInsz(InszB, FixtureKeys)));
        Assert.Equal(["old0001"], await TicketsAsync(store, period with { ReturnCode = AuditEntry.NoReturnCode }));
    }

    /// <summary>A copy of the fixture (schema version 2, format 1) opened and upgraded by today's store.</summary>
    public static async Task<SqliteAuditStore> Format1FixtureAsync(string folder)
    {
        var path = Path.Combine(folder, "format1-chain.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "format1-chain.db"), path);
        var store = new SqliteAuditStore(path);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public static async Task<List<string>> TicketsAsync(IAuditStore store, AuditQuery query) =>
        [.. (await store.SearchAsync(query, CancellationToken.None)).Records.Select(r => r.Ticket)];

    /// <summary>Every message's ticket that matches, in (received, instance, sequence) order.</summary>
    private static List<string> Expected(Func<string, AuditEntry, bool> matches) =>
    [
        .. Messages.Select((m, i) => (m.Instance, m.Entry, Index: i))
            .Where(m => matches(m.Instance, m.Entry))
            .OrderBy(m => m.Entry.Received).ThenBy(m => m.Instance, StringComparer.Ordinal).ThenBy(m => m.Index)
            .Select(m => m.Entry.Ticket),
    ];

    private static (string Instance, AuditEntry Entry) Message(int i)
    {
        var returnCode = (i % 4) switch { 0 => 10000, 1 => 1, _ => 0 };
        return (i % 3 == 0 ? "gw-2" : "gw-1", new AuditEntry
        {
            Received = Base.AddMinutes(i / 4),
            Answered = Base.AddMinutes(i / 4).AddSeconds(2),
            Ticket = $"t{i:D3}",
            Reference = i == 13 ? Hostile : i % 5 == 0 ? null : $"REF-{i % 7}",
            Operation = OperationNames[i % 3],
            Ondernemingsnummer = i % 2 == 0 ? "0212344876" : "0207123407",
            Dienst = 100 + (i % 3),
            User = Staff,
            Subjects = i % 6 == 0 ? [InszA] : [InszB],
            ReturnCode = returnCode,
            ReasonCode = returnCode == 10000 ? (i % 8 == 0 ? "GEBRUIKER_ONBEKEND" : "DIENST_ONBEKEND") : null,
            ItemReasonCodes = returnCode == 1 ? ["PRESTATIE_OVERLAPT", i % 8 == 1 ? "GEBRUIKER_ONBEKEND" : "DUUR_TE_LANG"] : [],
            ItemsAccepted = returnCode == 0 ? 1 : 0,
            ItemsRefused = returnCode == 1 ? 2 : 0,
        });
    }

    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        return connection;
    }
}
