using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Rules;
using VrijwilligeOppas.Mapping.Time;
using VrijwilligeOppas.Emulator.Rules;

namespace VrijwilligeOppas.Emulator;

/// <summary>The central service's durable state in SQLite: prestaties per dienst, reopenings, definitive closings.</summary>
public sealed class PrestatieStore
{
    private readonly string _connectionString;

    public PrestatieStore(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS prestatie (
                dienst INTEGER NOT NULL,
                prestatie_id TEXT NOT NULL,
                gebruiker TEXT NOT NULL,
                vrijwilliger TEXT NOT NULL,
                begin TEXT NOT NULL,
                einde TEXT NOT NULL,
                begin_utc_ticks INTEGER NOT NULL,
                begin_datum TEXT NOT NULL,
                nis TEXT NOT NULL,
                duur_minuten INTEGER NOT NULL,
                ontvangen TEXT NOT NULL,
                PRIMARY KEY (dienst, prestatie_id));
            CREATE INDEX IF NOT EXISTS prestatie_by_date ON prestatie (dienst, begin_datum, begin_utc_ticks, prestatie_id);
            CREATE TABLE IF NOT EXISTS reopening (dienst INTEGER NOT NULL, maand TEXT NOT NULL, tot TEXT NOT NULL, PRIMARY KEY (dienst, maand));
            CREATE TABLE IF NOT EXISTS definitive_closing (jaar INTEGER PRIMARY KEY, vanaf TEXT NOT NULL);
            """);
    }

    public ClosingCalendar LoadCalendar()
    {
        using var connection = Open();
        var reopenings = new List<Reopening>();
        using (var command = new SqliteCommand("SELECT dienst, maand, tot FROM reopening", connection))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!PrestatieMonth.TryParse(reader.GetString(1), out var month))
                {
                    throw new InvalidDataException($"Reopening month '{reader.GetString(1)}' is not yyyy-MM.");
                }

                reopenings.Add(new Reopening(Erkenningsnummer.Create(reader.GetInt32(0)), month, XmlFormats.ParseDate(reader.GetString(2))));
            }
        }

        var closings = new Dictionary<int, DateOnly>();
        using (var command = new SqliteCommand("SELECT jaar, vanaf FROM definitive_closing", connection))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                closings[reader.GetInt32(0)] = XmlFormats.ParseDate(reader.GetString(1));
            }
        }

        return new ClosingCalendar(reopenings, closings);
    }

    public void SaveReopening(Reopening reopening)
    {
        using var connection = Open();
        Execute(connection, null, "INSERT OR REPLACE INTO reopening (dienst, maand, tot) VALUES ($d, $m, $t)",
            ("$d", reopening.Dienst.Value), ("$m", reopening.Month.ToString()), ("$t", XmlFormats.Date(reopening.Until)));
    }

    public void SaveDefinitiveClosing(int year, DateOnly from)
    {
        using var connection = Open();
        Execute(connection, null, "INSERT OR REPLACE INTO definitive_closing (jaar, vanaf) VALUES ($j, $v)", ("$j", year), ("$v", XmlFormats.Date(from)));
    }

    /// <summary>The months of the stored prestaties with these ids, to check that a correction may leave its old month.</summary>
    public Dictionary<string, PrestatieMonth> StoredMonths(Erkenningsnummer dienst, IEnumerable<PrestatieId> ids)
    {
        using var connection = Open();
        var months = new Dictionary<string, PrestatieMonth>(StringComparer.Ordinal);
        using var command = new SqliteCommand("SELECT begin_datum FROM prestatie WHERE dienst = $d AND prestatie_id = $id", connection);
        command.Parameters.AddWithValue("$d", dienst.Value);
        var idParameter = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in ids)
        {
            idParameter.Value = id.Value;
            if (command.ExecuteScalar() is string datum)
            {
                months[id.Value] = PrestatieMonth.Of(XmlFormats.ParseDate(datum));
            }
        }

        return months;
    }

    /// <summary>Stores accepted prestaties in one transaction: a known PrestatieId is replaced, never duplicated.</summary>
    public void Upsert(Erkenningsnummer dienst, IReadOnlyList<Prestatie> prestaties, DateTimeOffset ontvangen)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = new SqliteCommand("""
            INSERT OR REPLACE INTO prestatie (dienst, prestatie_id, gebruiker, vrijwilliger, begin, einde, begin_utc_ticks, begin_datum, nis, duur_minuten, ontvangen)
            VALUES ($d, $id, $g, $v, $b, $e, $t, $bd, $n, $m, $o)
            """, connection, transaction);
        string[] names = ["$d", "$id", "$g", "$v", "$b", "$e", "$t", "$bd", "$n", "$m", "$o"];
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        foreach (var p in prestaties)
        {
            object[] values =
            [
                dienst.Value, p.Id.Value, p.Gebruiker.Value, p.Vrijwilliger.Value,
                XmlFormats.WholeSeconds(p.Periode.Begin), XmlFormats.WholeSeconds(p.Periode.Einde), p.Periode.Begin.UtcTicks,
                XmlFormats.Date(p.Periode.BeginDatum), p.Gemeente.Value, p.Periode.DuurMinuten, XmlFormats.Instant(ontvangen),
            ];
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }

            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void Delete(Erkenningsnummer dienst, IEnumerable<PrestatieId> ids)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = new SqliteCommand("DELETE FROM prestatie WHERE dienst = $d AND prestatie_id = $id", connection, transaction);
        command.Parameters.AddWithValue("$d", dienst.Value);
        var idParameter = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in ids)
        {
            idParameter.Value = id.Value;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>One page of a dienst's prestaties that started in the period, in a stable order, and the key of the next page.</summary>
    public (List<GeregistreerdePrestatie> Page, string? Next) Query(ConsultPrestatiesRequest consult, int pageSize)
    {
        var (afterTicks, afterId) = DecodeKey(consult.Sleutel);
        var sql = new StringBuilder("""
            SELECT prestatie_id, gebruiker, vrijwilliger, begin, einde, nis, duur_minuten, ontvangen, begin_utc_ticks FROM prestatie
            WHERE dienst = $d AND begin_datum >= $van AND begin_datum <= $tot AND (begin_utc_ticks > $t OR (begin_utc_ticks = $t AND prestatie_id > $id))
            """);
        if (consult.Gebruiker is not null)
        {
            sql.Append(" AND gebruiker = $g");
        }

        if (consult.Vrijwilliger is not null)
        {
            sql.Append(" AND vrijwilliger = $v");
        }

        sql.Append(" ORDER BY begin_utc_ticks, prestatie_id LIMIT $limit");
        using var connection = Open();
        using var command = new SqliteCommand(sql.ToString(), connection);
        command.Parameters.AddWithValue("$d", consult.Dienst.Value);
        command.Parameters.AddWithValue("$van", XmlFormats.Date(consult.VanDatum));
        command.Parameters.AddWithValue("$tot", XmlFormats.Date(consult.TotDatum));
        command.Parameters.AddWithValue("$t", afterTicks);
        command.Parameters.AddWithValue("$id", afterId);
        command.Parameters.AddWithValue("$g", consult.Gebruiker?.Value ?? string.Empty);
        command.Parameters.AddWithValue("$v", consult.Vrijwilliger?.Value ?? string.Empty);
        command.Parameters.AddWithValue("$limit", pageSize + 1);

        var page = new List<GeregistreerdePrestatie>();
        long lastTicks = 0;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (page.Count == pageSize)
            {
                var last = page[^1].Prestatie.Id.Value;
                return (page, EncodeKey(lastTicks, last));
            }

            var prestatie = new Prestatie(
                PrestatieId.Parse(reader.GetString(0)),
                Insz.Parse(reader.GetString(1)),
                Insz.Parse(reader.GetString(2)),
                PrestatiePeriode.FromInstants(XmlFormats.ParseInstant(reader.GetString(3)), XmlFormats.ParseInstant(reader.GetString(4))),
                NisCode.Parse(reader.GetString(5)));
            page.Add(new GeregistreerdePrestatie(prestatie, reader.GetInt32(6), XmlFormats.ParseInstant(reader.GetString(7))));
            lastTicks = reader.GetInt64(8);
        }

        return (page, null);
    }

    private static string EncodeKey(long ticks, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ticks}|{id}"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (long Ticks, string Id) DecodeKey(string? key)
    {
        if (key is null)
        {
            return (long.MinValue, string.Empty);
        }

        try
        {
            var base64 = key.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return (long.Parse(text.AsSpan(0, bar), CultureInfo.InvariantCulture), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidContinuationKeyException();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = new SqliteCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}

/// <summary>A consult's continuation key was not one this service handed out.</summary>
public sealed class InvalidContinuationKeyException : Exception
{
    public InvalidContinuationKeyException()
        : base("The continuation key is not valid.")
    {
    }
}
