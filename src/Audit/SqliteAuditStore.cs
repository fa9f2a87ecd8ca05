using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace VrijwilligeOppas.Audit;

/// <summary>The embedded audit store: one SQLite file in WAL mode, synchronous FULL, for a single gateway instance.</summary>
public sealed class SqliteAuditStore : IAuditStore
{
    /// <summary>Schema versions in order; a database records how many it has applied.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE audit_record (
            instance TEXT NOT NULL, seq INTEGER NOT NULL, received_ms INTEGER NOT NULL, answered_ms INTEGER NOT NULL,
            ticket TEXT NOT NULL, reference TEXT, operation TEXT, ondernemingsnummer TEXT, dienst INTEGER,
            return_code INTEGER NOT NULL, reason_code TEXT, items_accepted INTEGER NOT NULL, items_refused INTEGER NOT NULL,
            caller_certificate TEXT, caller_address TEXT, key_id TEXT NOT NULL, personal BLOB NOT NULL,
            previous_hash BLOB NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (instance, seq));
        CREATE INDEX audit_record_received ON audit_record (received_ms);
        CREATE TABLE audit_subject (blind_index TEXT NOT NULL, instance TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (blind_index, instance, seq));
        CREATE INDEX audit_subject_record ON audit_subject (instance, seq);
        CREATE TABLE audit_checkpoint (
            instance TEXT NOT NULL, seq INTEGER NOT NULL, hash BLOB NOT NULL, created_ms INTEGER NOT NULL,
            certificate BLOB NOT NULL, signature BLOB NOT NULL, PRIMARY KEY (instance, seq));
        """,
        """
        ALTER TABLE audit_record ADD COLUMN stage TEXT NOT NULL DEFAULT 'outcome';
        ALTER TABLE audit_checkpoint ADD COLUMN timestamp_token BLOB;
        CREATE TABLE audit_purge (
            instance TEXT NOT NULL, seq INTEGER NOT NULL, hash BLOB NOT NULL, before_ms INTEGER NOT NULL, created_ms INTEGER NOT NULL,
            certificate BLOB NOT NULL, signature BLOB NOT NULL, PRIMARY KEY (instance, seq));
        """,
        AuditSchema.SearchMigration,
    ];

    private readonly string _connectionString;
    private readonly string _databasePath;

    public SqliteAuditStore(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _databasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
    }

    /// <summary>
    /// An exclusive lock on a file beside the database, one per instance. .NET takes it with flock on Linux, so the
    /// kernel releases it when the process ends, however it ends (kill -9 included).
    /// </summary>
    public Task<IAsyncDisposable?> ClaimInstanceAsync(string instance, CancellationToken cancellationToken)
    {
        var path = $"{_databasePath}.{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(instance)))[..16]}.lock";
        try
        {
            // The file stays when the claim ends: deleting it on close would let a process that opened the old file
            // just before the delete hold a lock on a name-less file while a third claims a new one under the name.
            IAsyncDisposable claim = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            return Task.FromResult<IAsyncDisposable?>(claim);
        }
        catch (IOException) when (File.Exists(path))
        {
            return Task.FromResult<IAsyncDisposable?>(null);
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var applied = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        for (var version = applied; version < Migrations.Length; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version], cancellationToken);
            await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({version + 1})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        // Fresh statistics, from a sample so it stays quick on ten years: without them SQLite may pick a
        // low-selectivity index (return_code) over a selective one (ondernemingsnummer) for a search.
        await ExecuteAsync(connection, null, "PRAGMA analysis_limit = 1000; ANALYZE;", cancellationToken);
    }

    public async Task<(long Sequence, byte[] Hash)> HeadAsync(string instance, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new SqliteCommand("SELECT seq, hash FROM audit_record WHERE instance = $i ORDER BY seq DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("$i", instance);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), (byte[])reader[1]) : (0, AuditRecord.Genesis);
    }

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new SqliteCommand($"INSERT INTO audit_record ({AuditRows.Columns}) VALUES ({string.Join(", ", Enumerable.Range(0, AuditRows.Count).Select(i => "$p" + i))})", connection, transaction);
        await using var subject = new SqliteCommand("INSERT INTO audit_subject (blind_index, instance, seq) VALUES ($b, $i, $s)", connection, transaction);
        await using var reason = new SqliteCommand("INSERT INTO audit_reason (reason_code, received_ms, instance, seq) VALUES ($c, $r, $i, $s)", connection, transaction);
        // One set of parameters per batch, given new values per row: their types are inferred from each value.
        var columns = Enumerable.Range(0, AuditRows.Count).Select(i => insert.Parameters.AddWithValue("$p" + i, DBNull.Value)).ToArray();
        var (subjectIndex, subjectInstance, subjectSequence) = (subject.Parameters.AddWithValue("$b", DBNull.Value), subject.Parameters.AddWithValue("$i", DBNull.Value), subject.Parameters.AddWithValue("$s", DBNull.Value));
        var (reasonCode, reasonReceived, reasonInstance, reasonSequence) = (reason.Parameters.AddWithValue("$c", DBNull.Value), reason.Parameters.AddWithValue("$r", DBNull.Value), reason.Parameters.AddWithValue("$i", DBNull.Value), reason.Parameters.AddWithValue("$s", DBNull.Value));
        foreach (var record in records)
        {
            var values = AuditRows.Values(record);
            for (var i = 0; i < values.Length; i++)
            {
                columns[i].Value = values[i] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
            (subjectInstance.Value, subjectSequence.Value) = (record.Instance, record.Sequence);
            foreach (var index in record.SubjectIndexes)
            {
                subjectIndex.Value = index;
                await subject.ExecuteNonQueryAsync(cancellationToken);
            }

            (reasonReceived.Value, reasonInstance.Value, reasonSequence.Value) = (record.Received.ToUnixTimeMilliseconds(), record.Instance, record.Sequence);
            foreach (var code in AuditRows.ReasonCodes(record))
            {
                reasonCode.Value = code;
                await reason.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // A caller whose append timed out has been told it failed: its batch must not land after that.
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> InstancesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new SqliteCommand("SELECT instance FROM audit_record UNION SELECT instance FROM audit_checkpoint UNION SELECT instance FROM audit_purge ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var instances = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            instances.Add(reader.GetString(0));
        }

        return instances;
    }

    public IAsyncEnumerable<AuditRecord> ReadChainAsync(string instance, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {AuditRows.Columns} FROM audit_record WHERE instance = $i ORDER BY seq", [("$i", instance)], cancellationToken);

    public IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset since, DateTimeOffset until, string? blindIndex, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {AuditRows.Columns} FROM audit_record r WHERE received_ms >= $f AND received_ms < $t"
                + (blindIndex is null ? string.Empty : " AND EXISTS (SELECT 1 FROM audit_subject s WHERE s.blind_index = $b AND s.instance = r.instance AND s.seq = r.seq)")
                + " ORDER BY received_ms, instance, seq",
            [("$f", since.ToUnixTimeMilliseconds()), ("$t", until.ToUnixTimeMilliseconds()), ("$b", blindIndex ?? string.Empty)],
            cancellationToken);

    public async Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var (sql, values) = AuditSearchSql.Build(query, i => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditRows.Qualified);
        var records = new List<AuditRecord>(query.Limit + 1);
        await foreach (var record in QueryAsync(sql, [.. values.Select((v, i) => ("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), v))], cancellationToken))
        {
            records.Add(record);
        }

        return AuditSearchSql.Page(records, query.Limit);
    }

    public async Task<int> IndexLegacyReferencesAsync(Func<string, string> referenceIndex, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var indexed = 0;
        while (true)
        {
            // In slices, each its own transaction, so a ten-year backlog does not hold the writer's lock for long.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var pending = new List<(string Instance, long Sequence, string Reference)>();
            await using (var select = new SqliteCommand($"SELECT instance, seq, reference FROM audit_record WHERE {AuditSchema.LegacyReference} LIMIT 5000", connection, transaction))
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

            await using var update = new SqliteCommand("UPDATE audit_record SET reference_index = $h WHERE instance = $i AND seq = $s", connection, transaction);
            foreach (var (instance, sequence, reference) in pending)
            {
                update.Parameters.Clear();
                update.Parameters.AddWithValue("$h", referenceIndex(reference));
                update.Parameters.AddWithValue("$i", instance);
                update.Parameters.AddWithValue("$s", sequence);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            indexed += pending.Count;
        }
    }

    public async Task SaveCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new SqliteCommand("INSERT OR IGNORE INTO audit_checkpoint (instance, seq, hash, created_ms, certificate, signature, timestamp_token) VALUES ($i, $s, $h, $c, $x, $g, $t)", connection);
        command.Parameters.AddWithValue("$i", checkpoint.Instance);
        command.Parameters.AddWithValue("$s", checkpoint.Sequence);
        command.Parameters.AddWithValue("$h", checkpoint.Hash);
        command.Parameters.AddWithValue("$c", checkpoint.Created.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$x", checkpoint.Certificate);
        command.Parameters.AddWithValue("$g", checkpoint.Signature);
        command.Parameters.AddWithValue("$t", (object?)checkpoint.TimestampToken ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AuditCheckpoint?> LastCheckpointAsync(string instance, CancellationToken cancellationToken) =>
        (await CheckpointsAsync(instance, "ORDER BY seq DESC LIMIT 1", cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(string instance, CancellationToken cancellationToken) =>
        CheckpointsAsync(instance, "ORDER BY seq", cancellationToken);

    public async Task<(long Sequence, byte[] Hash)?> PurgeBoundaryAsync(string instance, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new SqliteCommand(
            """
            SELECT seq, hash FROM audit_record WHERE instance = $i
              AND seq < COALESCE((SELECT MIN(seq) FROM audit_record WHERE instance = $i AND received_ms >= $b), 9223372036854775807)
            ORDER BY seq DESC LIMIT 1
            """, connection);
        command.Parameters.AddWithValue("$i", instance);
        command.Parameters.AddWithValue("$b", before.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), (byte[])reader[1]) : null;
    }

    public async Task<int> PurgeAsync(AuditPurgeMarker marker, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var subjects = new SqliteCommand("DELETE FROM audit_subject WHERE instance = $i AND seq <= $s", connection, transaction);
        await using var reasons = new SqliteCommand("DELETE FROM audit_reason WHERE instance = $i AND seq <= $s", connection, transaction);
        await using var records = new SqliteCommand("DELETE FROM audit_record WHERE instance = $i AND seq <= $s", connection, transaction);
        await using var save = new SqliteCommand("INSERT INTO audit_purge (instance, seq, hash, before_ms, created_ms, certificate, signature) VALUES ($i, $s, $h, $b, $c, $x, $g)", connection, transaction);
        foreach (var command in new[] { subjects, reasons, records, save })
        {
            command.Parameters.AddWithValue("$i", marker.Instance);
            command.Parameters.AddWithValue("$s", marker.Sequence);
        }

        save.Parameters.AddWithValue("$h", marker.Hash);
        save.Parameters.AddWithValue("$b", marker.Before.ToUnixTimeMilliseconds());
        save.Parameters.AddWithValue("$c", marker.Created.ToUnixTimeMilliseconds());
        save.Parameters.AddWithValue("$x", marker.Certificate);
        save.Parameters.AddWithValue("$g", marker.Signature);
        await subjects.ExecuteNonQueryAsync(cancellationToken);
        await reasons.ExecuteNonQueryAsync(cancellationToken);
        var removed = await records.ExecuteNonQueryAsync(cancellationToken);
        await save.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    public async Task<AuditPurgeMarker?> LastPurgeAsync(string instance, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new SqliteCommand("SELECT seq, hash, before_ms, created_ms, certificate, signature FROM audit_purge WHERE instance = $i ORDER BY seq DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("$i", instance);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AuditPurgeMarker(instance, reader.GetInt64(0), (byte[])reader[1], DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), (byte[])reader[4], (byte[])reader[5])
            : null;
    }

    private async Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(string instance, string order, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new SqliteCommand("SELECT seq, hash, created_ms, certificate, signature, timestamp_token FROM audit_checkpoint WHERE instance = $i " + order, connection);
        command.Parameters.AddWithValue("$i", instance);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checkpoints = new List<AuditCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add(new AuditCheckpoint(instance, reader.GetInt64(0), (byte[])reader[1], DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), (byte[])reader[3], (byte[])reader[4], reader.IsDBNull(5) ? null : (byte[])reader[5]));
        }

        return checkpoints;
    }

    private async IAsyncEnumerable<AuditRecord> QueryAsync(string sql, (string Name, object Value)[] parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new SqliteCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await using var subjects = new SqliteCommand("SELECT blind_index FROM audit_subject WHERE instance = $i AND seq = $s ORDER BY blind_index", connection);
        while (await reader.ReadAsync(cancellationToken))
        {
            subjects.Parameters.Clear();
            subjects.Parameters.AddWithValue("$i", reader.GetString(0));
            subjects.Parameters.AddWithValue("$s", reader.GetInt64(1));
            var indexes = new List<string>();
            await using (var subjectReader = await subjects.ExecuteReaderAsync(cancellationToken))
            {
                while (await subjectReader.ReadAsync(cancellationToken))
                {
                    indexes.Add(subjectReader.GetString(0));
                }
            }

            yield return AuditRows.Read(reader, indexes);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;", cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
