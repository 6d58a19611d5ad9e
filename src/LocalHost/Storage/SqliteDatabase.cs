using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The local host's one SQLite file: journals, timers, the call-end inbox, pool, presence, agents,
/// outbox index and the operator views. WAL mode, so the routing decision reads the pool while a
/// lifecycle writes.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS instances (
            id TEXT PRIMARY KEY, input TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL,
            custom_status TEXT, output TEXT, wake_at TEXT, updated_at TEXT NOT NULL, error TEXT);
        CREATE INDEX IF NOT EXISTS ix_instances_due ON instances (status, wake_at);
        CREATE TABLE IF NOT EXISTS journal (
            instance_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, key TEXT,
            result TEXT, error TEXT, recorded_at TEXT NOT NULL, PRIMARY KEY (instance_id, seq));
        CREATE TABLE IF NOT EXISTS inbox (instance_id TEXT PRIMARY KEY, call_end TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS pool (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS presence (agent_id TEXT PRIMARY KEY, availability TEXT NOT NULL, activity TEXT, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS agents (agent_id TEXT PRIMARY KEY, display_name TEXT NOT NULL, acs_identity TEXT NOT NULL, contacts TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS step_memory (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alerts (key TEXT PRIMARY KEY, instance_id TEXT, kind TEXT NOT NULL, message TEXT NOT NULL, raised_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS routing (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, called TEXT, decision TEXT NOT NULL,
            agent_id TEXT, target TEXT, reason TEXT NOT NULL, server_call_id TEXT);
        CREATE TABLE IF NOT EXISTS event_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
            outcome TEXT NOT NULL, detail TEXT NOT NULL, instance_id TEXT);
        CREATE TABLE IF NOT EXISTS dead_letters (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
            reason TEXT NOT NULL, payload TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS outbox (
            key TEXT PRIMARY KEY, message_id TEXT NOT NULL, instance_id TEXT, file TEXT NOT NULL,
            recipients INTEGER NOT NULL, written_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_outbox_message ON outbox (message_id);
        """;

    private readonly string _connectionString;

    // SQLite has one writer at a time; waiting here is cheaper than SQLite's busy-retry sleeps.
    // Readers (routing reads the pool) are not gated: WAL lets them run beside the writer.
    private readonly Lock _writeGate = new();
    private SqliteConnection? _writer;

    /// <summary>Opens (and creates when missing) the database at <paramref name="path"/>.</summary>
    public SqliteDatabase(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, null, Schema);
    }

    /// <summary>Closes the writer connection.</summary>
    public void Dispose()
    {
        lock (_writeGate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    /// <summary>An open connection (pooled).</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction and commits.</summary>
    public T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_writeGate)
        {
            var connection = _writer ??= Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }
    }

    /// <summary>Executes a statement with named parameters.</summary>
    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Executes a query and maps every row.</summary>
    public static List<T> Query<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Opens a connection, runs a query, maps every row.</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        return Query(connection, null, sql, map, parameters);
    }

    /// <summary>Executes one write statement (its own transaction).</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_writeGate)
        {
            return Execute(_writer ??= Open(), null, sql, parameters);
        }
    }

    /// <summary>Times are stored as fixed-width UTC ISO 8601, so text comparison orders them.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Reads a stored time.</summary>
    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Nullable column as string.</summary>
    public static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
