using System.Text;
using Microsoft.Data.Sqlite;
using static VrijwilligeOppas.Audit.Tests.AuditSearchScenarios;

namespace VrijwilligeOppas.Audit.Tests;

/// <summary>The audit search on SQLite, and what a query refuses before any store sees it.</summary>
public sealed class AuditSearchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vo-audit-search-").FullName;

    private SqliteAuditStore NewStore() => new(Path.Combine(_folder, "audit.db"));

    [Fact]
    public Task EveryFilter_FindsExactlyItsRecords_InPagingOrder() => AuditSearchScenarios.EveryFilter_FindsExactlyItsRecords_InPagingOrder(NewStore());

    [Fact]
    public Task Paging_NeitherRepeatsNorSkips_EvenWhileRecordsAreAppended() => AuditSearchScenarios.Paging_NeitherRepeatsNorSkips_EvenWhileRecordsAreAppended(NewStore());

    [Fact]
    public Task HostileValues_AreRefusedOrStayValues() => AuditSearchScenarios.HostileValues_AreRefusedOrStayValues(NewStore());

    [Fact]
    public async Task Format1Records_WrittenByTheCodeBeforeIssue15_StillVerify_AndAreFound() =>
        await AuditSearchScenarios.Format1Records_StillVerify_AndAreFound(await Format1FixtureAsync(_folder));

    [Fact]
    public void EveryBadQuery_IsRefusedWithOneSentenceNamingTheFilter()
    {
        var messages = BadQueries().Select(q => Assert.Throws<ArgumentException>(q.Validate).Message).ToList();

        Assert.All(messages, m => Assert.DoesNotContain('\n', m));
        Assert.Contains("Ticket must be", messages[0], StringComparison.Ordinal);
        Assert.Contains("Ondernemingsnummer must be 10 digits", messages[3], StringComparison.Ordinal);
        Assert.Contains("After must be the cursor a previous page returned", messages[11], StringComparison.Ordinal);
        Assert.Contains("Limit must be between 1 and 500", messages[^2], StringComparison.Ordinal);
        Assert.Contains("From must be before To", messages[^1], StringComparison.Ordinal);
        Assert.Null(All.Problem());
    }

    [Theory]
    [InlineData(AuditQuery.ConsoleView)]
    [InlineData(AuditQuery.ConsoleSearch)]
    [InlineData(AuditQuery.ConsolePersonSearch)]
    [InlineData(AuditQuery.ConsoleExport)]
    [InlineData(AuditQuery.AuditSearchOperation)]
    public void TheAuditsOwnOperations_CanBeSearchedFor(string operation)
    {
        Assert.Null((All with { Operation = operation }).Problem());
        Assert.NotNull((All with { Operation = operation + "x" }).Problem());
    }

    [Fact]
    public void TheCursor_RoundTrips_AndOnlyItsOwnShapeParses()
    {
        var cursor = new AuditCursor(1_764_000_000_000, "gw-é/1", 42);

        Assert.Equal(cursor, AuditCursor.Parse(cursor.ToString()));
        Assert.DoesNotContain('=', cursor.ToString());
        Assert.False(AuditCursor.TryParse(Convert.ToBase64String(new byte[20]), out _)); // version 0
        Assert.False(AuditCursor.TryParse(new string('A', 401), out _));
    }

    [Fact]
    public async Task Format2Records_KeepTheReferenceOutOfThePlaintext_AndEveryNewFieldIsHashed()
    {
        var store = NewStore();
        await WriteMessagesAsync(store);
        var path = Path.Combine(_folder, "audit.db");
        SqliteConnection.ClearAllPools();

        Assert.All(Directory.GetFiles(_folder), file => Assert.DoesNotContain("REF-3", Encoding.Latin1.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal));
        foreach (var (sql, problem) in new[]
        {
            ("UPDATE audit_record SET reference_index = (SELECT reference_index FROM audit_record WHERE ticket = 't002') WHERE ticket = 't001'", "was changed"),
            ("UPDATE audit_record SET item_reason_codes = 'PRESTATIE_OVERLAPT' WHERE ticket = 't001'", "was changed"),
            ("UPDATE audit_record SET format = 1 WHERE ticket = 't002'", "was changed"),
            ("UPDATE audit_record SET reference = 'REF-2' WHERE ticket = 't002'", "was changed"),
            ("UPDATE audit_record SET details = '{}' WHERE ticket = 't002'", "was changed"),
        })
        {
            var copy = Path.Combine(_folder, $"tampered-{Guid.NewGuid():N}.db");
            File.Copy(path, copy);
            using (var connection = Open(copy))
            using (var command = new SqliteCommand(sql, connection))
            {
                Assert.Equal(1, command.ExecuteNonQuery());
            }

            var verification = await AuditVerifier.VerifyAsync(new SqliteAuditStore(copy), AuditLogTests.Trust, CancellationToken.None);
            Assert.Contains(verification.Chains.SelectMany(c => c.Problems), p => p.Contains(problem, StringComparison.Ordinal));
        }

        Assert.True((await AuditVerifier.VerifyAsync(store, AuditLogTests.Trust, CancellationToken.None)).IsIntact);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The same search scenarios on PostgreSQL (VO_TEST_POSTGRES; .ci/run refuses a skipped test).</summary>
public sealed class PostgresAuditSearchTests
{
    [PostgresFact]
    public Task EveryFilter_FindsExactlyItsRecords_InPagingOrder() => OnPostgresAsync(AuditSearchScenarios.EveryFilter_FindsExactlyItsRecords_InPagingOrder);

    [PostgresFact]
    public Task Paging_NeitherRepeatsNorSkips_EvenWhileRecordsAreAppended() => OnPostgresAsync(AuditSearchScenarios.Paging_NeitherRepeatsNorSkips_EvenWhileRecordsAreAppended);

    [PostgresFact]
    public Task HostileValues_AreRefusedOrStayValues() => OnPostgresAsync(AuditSearchScenarios.HostileValues_AreRefusedOrStayValues);

    /// <summary>The fixture's format 1 records, copied as they are into PostgreSQL: they verify there, and are found.</summary>
    [PostgresFact]
    public async Task Format1Records_WrittenByTheCodeBeforeIssue15_StillVerify_AndAreFound()
    {
        var folder = Directory.CreateTempSubdirectory("vo-audit-search-").FullName;
        try
        {
            var fixture = await Format1FixtureAsync(folder);
            await OnPostgresAsync(async store =>
            {
                var records = new List<AuditRecord>();
                await foreach (var record in fixture.ReadChainAsync("gw-old", CancellationToken.None))
                {
                    records.Add(record);
                }

                await store.AppendAsync(records, CancellationToken.None);
                await AuditSearchScenarios.Format1Records_StillVerify_AndAreFound(store);
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task OnPostgresAsync(Func<IAuditStore, Task> scenario)
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var store = new PostgresAuditStore(database.DataSource);
        await store.MigrateAsync(CancellationToken.None);
        await scenario(store);
    }
}
