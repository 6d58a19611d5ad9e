using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The local host's one SQLite file: journals, timers, the call-end inbox, pool, presence, agents,
/// outbox index and the operator views. WAL mode with <c>synchronous=FULL</c>: a write is
/// acknowledged only once it is on disk. Every write goes through one writer thread that commits
/// whatever is waiting in one transaction (group commit), so a flush is paid once per batch, not
/// once per write; readers use reused connections beside it. One process owns the file at a time
/// (a lock file beside it).
/// </summary>
public sealed partial class SqliteDatabase : IDisposable
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
        CREATE TABLE IF NOT EXISTS pool_numbers (
            number TEXT PRIMARY KEY, position INTEGER NOT NULL, agent_id TEXT, agent_identity TEXT, leased_at TEXT, released_at TEXT);
        CREATE TABLE IF NOT EXISTS pool_holds (
            number TEXT NOT NULL, position INTEGER NOT NULL, lease_id TEXT NOT NULL, until TEXT NOT NULL, PRIMARY KEY (number, position));
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

    // A batch larger than this waits for the next commit: it bounds the time one commit holds readers' view back.
    private const int MaxBatch = 512;
    private const int MaxIdleReaders = 16;

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly FileStream _lock;
    private readonly BlockingCollection<WriteItem> _queue = new();
    private readonly ConcurrentStack<SqliteConnection> _readers = new();
    private readonly Thread _writerThread;
    private readonly SqliteConnection _writer;
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> StatementCaches = [];
    private Exception? _dead;
    private WriterStats _stats = WriterStats.None;
    private int _disposed;
    private int _idleReaders;

    /// <summary>Opens (and creates when missing) the database at <paramref name="path"/> and takes the host lock on it.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="logger">Where failed background writes are reported.</param>
    /// <param name="durable">False only for measurements: commits are not flushed (<c>synchronous=OFF</c>), so a power loss may lose acknowledged writes.</param>
    public SqliteDatabase(string path, ILogger<SqliteDatabase>? logger = null, bool durable = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Durable = durable;
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        _lock = TakeLock(full, directory);

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        try
        {
            _writer = Open();
            Execute(_writer, null, durable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = OFF;");
            Execute(_writer, null, Schema);
            StatementCaches.Add(_writer, new(StringComparer.Ordinal));
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        _writerThread = new Thread(WriteLoop) { IsBackground = true, Name = "EmergencyFlow SQLite writer" };
        _writerThread.Start();
    }

    /// <summary>Test seam: while set, the writer waits before it starts the next batch (writes queue up behind it).</summary>
    internal TaskCompletionSource? HoldWrites { get; set; }

    /// <summary>
    /// Test seam: called before each member of a batch with its index (0 for the first); true
    /// simulates the process dying there: the batch is never committed and nothing more is written.
    /// </summary>
    internal Func<int, bool>? CrashBeforeMember { get; set; }

    /// <summary>Test seam: completes when the writer has taken a batch and is waiting at <see cref="HoldWrites"/>.</summary>
    internal TaskCompletionSource Held { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>False only in the load tool's non-durable mode: nothing is flushed.</summary>
    public bool Durable { get; }

    /// <summary>What the writer has done so far (load figures).</summary>
    public WriterStats Stats => _stats;

    /// <summary>Writes waiting for the writer (ops and load figures).</summary>
    public int PendingWrites => _queue.Count;

    /// <summary>Stops the writer after the writes already queued, then closes every connection and releases the lock.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.CompleteAdding();
        HoldWrites?.TrySetResult();
        _writerThread.Join();
        _writer.Dispose();
        while (_readers.TryPop(out var reader))
        {
            reader.Dispose();
        }

        _queue.Dispose();
        _lock.Dispose();
    }

    /// <summary>An open connection (pooled) with the busy timeout set. Prefer <see cref="Read{T}"/>.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs <paramref name="read"/> on a reused read connection (WAL: it never waits for the writer).</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        // Last in, first out, so the warmest connection (page cache) is reused; the idle count is kept
        // apart (a ConcurrentBag's Count locks every thread's list, on every read).
        if (_readers.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleReaders);
        }
        else
        {
            connection = Open();
            StatementCaches.Add(connection, new(StringComparer.Ordinal));
        }

        try
        {
            return read(connection);
        }
        finally
        {
            if (Interlocked.Increment(ref _idleReaders) <= MaxIdleReaders)
            {
                _readers.Push(connection);
            }
            else
            {
                Interlocked.Decrement(ref _idleReaders);
                connection.Dispose();
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="work"/> for the writer. It runs inside a savepoint of the writer's
    /// current transaction, and the task completes once that transaction is committed and flushed.
    /// When the work throws, only its own changes are rolled back and the task fails. When the
    /// whole batch is lost (the commit fails), <paramref name="lost"/> runs on the writer thread so
    /// the caller can drop in-memory state derived from it; <paramref name="committed"/> runs on the
    /// writer thread right after the commit, in commit order (to publish in-memory state).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, Action? lost = null, Action<T>? committed = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var item = new WriteItem<T>(work, lost, committed);
        Enqueue(item);
        return item.Completion.Task;
    }

    /// <summary>Queues one write statement; the task gives the changed row count once it is on disk.</summary>
    public Task<int> WriteAsync(string sql, params (string Name, object? Value)[] parameters) =>
        WriteAsync((connection, transaction) => Execute(connection, transaction, sql, parameters));

    /// <summary>
    /// Queues a write nobody waits for (operator views: routing, event log). A failure is logged.
    /// Readers of those views call <see cref="Flush"/> first, so they still read their writes.
    /// </summary>
    public void WriteInBackground(string sql, params (string Name, object? Value)[] parameters) => WriteInBackground(null, null, sql, parameters);

    /// <summary>
    /// <see cref="WriteInBackground(string, ValueTuple{string, object}[])"/> with an in-memory copy
    /// kept in step: <paramref name="undone"/> runs (on the writer thread) when the write is lost or
    /// its batch is rolled back to be run again, <paramref name="committed"/> once it is on disk.
    /// </summary>
    public void WriteInBackground(Action? undone, Action? committed, string sql, params (string Name, object? Value)[] parameters) =>
        _ = WriteAsync((connection, transaction) => Execute(connection, transaction, sql, parameters), undone, committed is null ? null : _ => committed()).ContinueWith(
            (t, state) => LogBackgroundWriteFailed((ILogger)state!, t.Exception!.GetBaseException()),
            _logger, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Completes once every write queued before it is committed (or has failed).</summary>
    public Task FlushAsync() => WriteAsync((_, _) => true);

    /// <summary>Waits until every write queued before it is committed (or has failed).</summary>
    public void Flush() => FlushAsync().GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="work"/> on the writer and waits for its commit (ops paths; the request path awaits <see cref="WriteAsync{T}"/>).</summary>
    public T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work) => WriteAsync(work).GetAwaiter().GetResult();

    /// <summary>Executes a statement with named parameters.</summary>
    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters, out var cached);
        try
        {
            return command.ExecuteNonQuery();
        }
        finally
        {
            if (!cached)
            {
                command.Dispose();
            }
        }
    }

    /// <summary>Executes a query and maps every row.</summary>
    public static List<T> Query<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        var command = Command(connection, transaction, sql, parameters, out var cached);
        try
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        finally
        {
            if (!cached)
            {
                command.Dispose();
            }
        }
    }

    /// <summary>Runs a query on a reused read connection and maps every row.</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters) =>
        Read(connection => Query(connection, null, sql, map, parameters));

    /// <summary>Executes one write statement and waits until it is on disk (ops paths).</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters) => WriteAsync(sql, parameters).GetAwaiter().GetResult();

    /// <summary>Times are stored as fixed-width UTC ISO 8601, so text comparison orders them.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Reads a stored time.</summary>
    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Nullable column as string.</summary>
    public static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters, out bool cached)
    {
        // The writer's and the readers' long-lived connections keep one prepared command per SQL text:
        // preparing is a large share of a small write. A connection is used by one thread at a time.
        SqliteCommand command;
        if (StatementCaches.TryGetValue(connection, out var cache))
        {
            cached = true;
            if (!cache.TryGetValue(sql, out command!))
            {
                cache[sql] = command = connection.CreateCommand();
                command.CommandText = sql;
            }

            command.Parameters.Clear();
        }
        else
        {
            cached = false;
            command = connection.CreateCommand();
            command.CommandText = sql;
        }

        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
