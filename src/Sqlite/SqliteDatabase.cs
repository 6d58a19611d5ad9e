using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.Sqlite;

/// <summary>
/// One SQLite file owned by this process. WAL mode with <c>synchronous=FULL</c>: a write is
/// acknowledged only once it is on disk. Every write goes through one writer thread that commits
/// whatever is waiting in one transaction (group commit), so a flush is paid once per batch, not
/// once per write; readers use reused connections beside it and never wait for the writer. One
/// process owns the file at a time (an exclusive lock file beside it, dropped by the OS when the
/// process dies).
/// </summary>
public sealed partial class SqliteDatabase : IDisposable
{
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

    /// <summary>
    /// Opens (and creates when missing) the database at <paramref name="path"/>, takes the lock on it
    /// and runs <paramref name="schema"/> (idempotent statements: <c>CREATE TABLE IF NOT EXISTS</c> ...).
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="schema">Statements that create what is missing; run once on the writer connection.</param>
    /// <param name="logger">Where failed background writes are reported.</param>
    /// <param name="durable">False only for measurements: commits are not flushed (<c>synchronous=OFF</c>), so a power loss may lose acknowledged writes.</param>
    /// <exception cref="DatabaseInUseException">Another process (or another instance in this one) has the file open.</exception>
    public SqliteDatabase(string path, string schema, ILogger? logger = null, bool durable = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Durable = durable;
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        _lock = TakeLock(full);
        Path = full;

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
            Execute(_writer, null, "PRAGMA journal_mode = WAL;");
            Execute(_writer, null, schema);
            StatementCaches.Add(_writer, new(StringComparer.Ordinal));
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        _writerThread = new Thread(WriteLoop) { IsBackground = true, Name = "SQLite writer " + System.IO.Path.GetFileName(full) };
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

    /// <summary>
    /// Test seam's outcome: the simulated crash that stopped the writer (every later write is lost), or null
    /// while it writes. Waiters for work that can no longer be committed read it to stop waiting.
    /// </summary>
    public Exception? Died => _dead;

    /// <summary>The database file (full path).</summary>
    public string Path { get; }

    /// <summary>False only for measurements: nothing is flushed.</summary>
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
