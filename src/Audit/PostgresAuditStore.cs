using System.Runtime.CompilerServices;
using Npgsql;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// The production audit store: one PostgreSQL database shared by every gateway instance, each writing its own
/// chain, so instances never wait for each other's locks. Migrations run under an advisory lock.
/// </summary>
public sealed class PostgresAuditStore(NpgsqlDataSource dataSource) : IAuditStore
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE audit_record (
            instance text NOT NULL, seq bigint NOT NULL, received_ms bigint NOT NULL, answered_ms bigint NOT NULL,
            ticket text NOT NULL, reference text, operation text, ondernemingsnummer text, dienst integer,
            return_code integer NOT NULL, reason_code text, items_accepted integer NOT NULL, items_refused integer NOT NULL,
            caller_certificate text, caller_address text, key_id text NOT NULL, personal bytea NOT NULL,
            previous_hash bytea NOT NULL, hash bytea NOT NULL, PRIMARY KEY (instance, seq));
        CREATE INDEX audit_record_received ON audit_record (received_ms);
        CREATE TABLE audit_subject (blind_index text NOT NULL, instance text NOT NULL, seq bigint NOT NULL, PRIMARY KEY (blind_index, instance, seq));
        CREATE INDEX audit_subject_record ON audit_subject (instance, seq);
        CREATE TABLE audit_checkpoint (
            instance text NOT NULL, seq bigint NOT NULL, hash bytea NOT NULL, created_ms bigint NOT NULL,
            certificate bytea NOT NULL, signature bytea NOT NULL, PRIMARY KEY (instance, seq));
        """,
        """
        ALTER TABLE audit_record ADD COLUMN stage text NOT NULL DEFAULT 'outcome';
        ALTER TABLE audit_checkpoint ADD COLUMN timestamp_token bytea;
        CREATE TABLE audit_purge (
            instance text NOT NULL, seq bigint NOT NULL, hash bytea NOT NULL, before_ms bigint NOT NULL, created_ms bigint NOT NULL,
            certificate bytea NOT NULL, signature bytea NOT NULL, PRIMARY KEY (instance, seq));
        """,
        AuditSchema.SearchMigration,
    ];

    /// <summary>
    /// A session-level advisory lock on a connection held open for the claim's life: PostgreSQL releases it when the
    /// session ends, so a killed process frees its instance as soon as the server sees the connection gone.
    /// </summary>
    public async Task<IAsyncDisposable?> ClaimInstanceAsync(string instance, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var claim = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@key, 0))", connection);
            claim.Parameters.AddWithValue("key", InstanceKey(instance));
            if ((bool)(await claim.ExecuteScalarAsync(cancellationToken))!)
            {
                return new InstanceClaim(connection, instance);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(7261001); CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL);", cancellationToken);
        await using var current = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection);
        var applied = (int)(await current.ExecuteScalarAsync(cancellationToken))!;
        for (var version = applied; version < Migrations.Length; version++)
        {
            await ExecuteAsync(connection, Migrations[version], cancellationToken);
            await ExecuteAsync(connection, $"INSERT INTO schema_version (version) VALUES ({version + 1})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<(long Sequence, byte[] Hash)> HeadAsync(string instance, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT seq, hash FROM audit_record WHERE instance = $1 ORDER BY seq DESC LIMIT 1");
        command.Parameters.AddWithValue(instance);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), (byte[])reader[1]) : (0, AuditRecord.Genesis);
    }

    /// <summary>
    /// One round trip: a batch without an explicit transaction runs as one implicit transaction (one Sync in the
    /// extended protocol), so every record and subject row is committed together or not at all.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var record in records)
        {
            var insert = new NpgsqlBatchCommand($"INSERT INTO audit_record ({AuditRows.Columns}) VALUES ({string.Join(", ", Enumerable.Range(1, AuditRows.Count).Select(i => "$" + i))})");
            foreach (var value in AuditRows.Values(record))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            batch.BatchCommands.Add(insert);
            foreach (var index in record.SubjectIndexes)
            {
                var subject = new NpgsqlBatchCommand("INSERT INTO audit_subject (blind_index, instance, seq) VALUES ($1, $2, $3)");
                subject.Parameters.Add(new NpgsqlParameter { Value = index });
                subject.Parameters.Add(new NpgsqlParameter { Value = record.Instance });
                subject.Parameters.Add(new NpgsqlParameter { Value = record.Sequence });
                batch.BatchCommands.Add(subject);
            }

            foreach (var code in AuditRows.ReasonCodes(record))
            {
                var reason = new NpgsqlBatchCommand("INSERT INTO audit_reason (reason_code, received_ms, instance, seq) VALUES ($1, $2, $3, $4)");
                reason.Parameters.Add(new NpgsqlParameter { Value = code });
                reason.Parameters.Add(new NpgsqlParameter { Value = record.Received.ToUnixTimeMilliseconds() });
                reason.Parameters.Add(new NpgsqlParameter { Value = record.Instance });
                reason.Parameters.Add(new NpgsqlParameter { Value = record.Sequence });
                batch.BatchCommands.Add(reason);
            }
        }

        // A caller whose append timed out has been told it failed: its batch must not land after that.
        cancellationToken.ThrowIfCancellationRequested();
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> InstancesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT instance FROM audit_record UNION SELECT instance FROM audit_checkpoint UNION SELECT instance FROM audit_purge ORDER BY 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var instances = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            instances.Add(reader.GetString(0));
        }

        return instances;
    }

    public IAsyncEnumerable<AuditRecord> ReadChainAsync(string instance, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {AuditRows.Columns}, {Indexes} FROM audit_record r WHERE instance = $1 ORDER BY seq", [instance], cancellationToken);

    public IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset since, DateTimeOffset until, string? blindIndex, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {AuditRows.Columns}, {Indexes} FROM audit_record r WHERE received_ms >= $1 AND received_ms < $2"
                + (blindIndex is null ? " AND $3::text IS NULL" : " AND EXISTS (SELECT 1 FROM audit_subject s WHERE s.blind_index = $3 AND s.instance = r.instance AND s.seq = r.seq)")
                + " ORDER BY received_ms, instance, seq",
            [since.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds(), (object?)blindIndex ?? DBNull.Value],
            cancellationToken);

    public async Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var (sql, values) = AuditSearchSql.Build(query, i => "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{AuditRows.Qualified}, {Indexes}");
        var records = new List<AuditRecord>(query.Limit + 1);
        await foreach (var record in QueryAsync(sql, [.. values], cancellationToken))
        {
            records.Add(record);
        }

        return AuditSearchSql.Page(records, query.Limit);
    }

    public async Task<int> IndexLegacyReferencesAsync(Func<string, string> referenceIndex, CancellationToken cancellationToken)
    {
        var indexed = 0;
        while (true)
        {
            // In slices, each its own transaction, so a ten-year backlog never holds many row locks at once.
            var pending = new List<(string Instance, long Sequence, string Reference)>();
            await using (var select = dataSource.CreateCommand($"SELECT instance, seq, reference FROM audit_record WHERE {AuditSchema.LegacyReference} LIMIT 5000"))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    pending.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
                }
            }

            if (pending.Count == 0)
            {
                return indexed;
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection);
            foreach (var (instance, sequence, reference) in pending)
            {
                var update = new NpgsqlBatchCommand("UPDATE audit_record SET reference_index = $1 WHERE instance = $2 AND seq = $3");
                update.Parameters.Add(new NpgsqlParameter { Value = referenceIndex(reference) });
                update.Parameters.Add(new NpgsqlParameter { Value = instance });
                update.Parameters.Add(new NpgsqlParameter { Value = sequence });
                batch.BatchCommands.Add(update);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            indexed += pending.Count;
        }
    }

    public async Task SaveCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO audit_checkpoint (instance, seq, hash, created_ms, certificate, signature, timestamp_token) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING");
        foreach (var value in new object[] { checkpoint.Instance, checkpoint.Sequence, checkpoint.Hash, checkpoint.Created.ToUnixTimeMilliseconds(), checkpoint.Certificate, checkpoint.Signature, (object?)checkpoint.TimestampToken ?? DBNull.Value })
        {
            command.Parameters.AddWithValue(value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AuditCheckpoint?> LastCheckpointAsync(string instance, CancellationToken cancellationToken) =>
        (await CheckpointsAsync(instance, "ORDER BY seq DESC LIMIT 1", cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(string instance, CancellationToken cancellationToken) =>
        CheckpointsAsync(instance, "ORDER BY seq", cancellationToken);

    public async Task<(long Sequence, byte[] Hash)?> PurgeBoundaryAsync(string instance, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT seq, hash FROM audit_record WHERE instance = $1
              AND seq < COALESCE((SELECT MIN(seq) FROM audit_record WHERE instance = $1 AND received_ms >= $2), 9223372036854775807)
            ORDER BY seq DESC LIMIT 1
            """);
        command.Parameters.AddWithValue(instance);
        command.Parameters.AddWithValue(before.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), (byte[])reader[1]) : null;
    }

    public async Task<int> PurgeAsync(AuditPurgeMarker marker, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var subjects = new NpgsqlCommand("DELETE FROM audit_subject WHERE instance = $1 AND seq <= $2", connection, transaction);
        await using var reasons = new NpgsqlCommand("DELETE FROM audit_reason WHERE instance = $1 AND seq <= $2", connection, transaction);
        await using var records = new NpgsqlCommand("DELETE FROM audit_record WHERE instance = $1 AND seq <= $2", connection, transaction);
        foreach (var command in new[] { subjects, reasons, records })
        {
            command.Parameters.AddWithValue(marker.Instance);
            command.Parameters.AddWithValue(marker.Sequence);
        }

        await using var save = new NpgsqlCommand("INSERT INTO audit_purge (instance, seq, hash, before_ms, created_ms, certificate, signature) VALUES ($1, $2, $3, $4, $5, $6, $7)", connection, transaction);
        foreach (var value in new object[] { marker.Instance, marker.Sequence, marker.Hash, marker.Before.ToUnixTimeMilliseconds(), marker.Created.ToUnixTimeMilliseconds(), marker.Certificate, marker.Signature })
        {
            save.Parameters.AddWithValue(value);
        }

        await subjects.ExecuteNonQueryAsync(cancellationToken);
        await reasons.ExecuteNonQueryAsync(cancellationToken);
        var removed = await records.ExecuteNonQueryAsync(cancellationToken);
        await save.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    public async Task<AuditPurgeMarker?> LastPurgeAsync(string instance, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT seq, hash, before_ms, created_ms, certificate, signature FROM audit_purge WHERE instance = $1 ORDER BY seq DESC LIMIT 1");
        command.Parameters.AddWithValue(instance);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AuditPurgeMarker(instance, reader.GetInt64(0), (byte[])reader[1], DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), (byte[])reader[4], (byte[])reader[5])
            : null;
    }

    private async Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(string instance, string order, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT seq, hash, created_ms, certificate, signature, timestamp_token FROM audit_checkpoint WHERE instance = $1 " + order);
        command.Parameters.AddWithValue(instance);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checkpoints = new List<AuditCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add(new AuditCheckpoint(instance, reader.GetInt64(0), (byte[])reader[1], DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), (byte[])reader[3], (byte[])reader[4], reader.IsDBNull(5) ? null : (byte[])reader[5]));
        }

        return checkpoints;
    }

    private const string Indexes = "ARRAY(SELECT blind_index FROM audit_subject s WHERE s.instance = r.instance AND s.seq = r.seq ORDER BY blind_index COLLATE \"C\")";

    private async IAsyncEnumerable<AuditRecord> QueryAsync(string sql, object[] parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return AuditRows.Read(reader, (string[])reader[AuditRows.Count]);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string InstanceKey(string instance) => "vo-audit-instance|" + instance;

    /// <summary>Holds the session, and with it the lock, until disposed; then gives the lock back before the connection.</summary>
    private sealed class InstanceClaim(NpgsqlConnection connection, string instance) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended(@key, 0))", connection);
                release.Parameters.AddWithValue("key", InstanceKey(instance));
                await release.ExecuteScalarAsync();
            }
            catch (NpgsqlException)
            {
                // The session is gone already, and the server released the lock with it.
            }

            await connection.DisposeAsync();
        }
    }
}
