using Npgsql;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>
/// A fact that needs a real PostgreSQL, named by <c>VO_TEST_POSTGRES</c> (a connection string; <c>.ci/run</c> starts
/// one with <c>.ci/start-postgres</c>). Without it the test is reported as skipped, which <c>.ci/run</c> refuses.
/// </summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresDatabase.ServerConnectionString is null)
        {
            Skip = "VO_TEST_POSTGRES is not set (run .ci/start-postgres and export what it prints).";
        }
    }
}

/// <summary>A fresh database per test on the server named by <c>VO_TEST_POSTGRES</c>, dropped afterwards.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private PostgresDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable("VO_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var name = "vo_audit_" + Guid.NewGuid().ToString("N");
        await using (var server = NpgsqlDataSource.Create(ServerConnectionString!))
        await using (var command = server.CreateCommand($"CREATE DATABASE {name}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(name, new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var server = NpgsqlDataSource.Create(ServerConnectionString!);
        await using var command = server.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }
}
