using System.Collections.Frozen;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Durable;
using Microsoft.Data.Sqlite;
using static EmergencyFlow.LocalHost.Storage.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The embedded runtime's durable state in SQLite. Every write is a member of the database's group
/// commit and its task completes once it is on disk. The callback pool is stored as rows (one per
/// number, one per hold); the writer keeps the pool in memory and writes only the rows a decision
/// changed, and routing reads the last committed pool from memory, never waiting for a write.
/// </summary>
public sealed class SqliteDurableStore : IDurableStore
{
    private const string InstanceColumns = "id, input, created_at, status, custom_status, output, wake_at, updated_at, error";
    private readonly SqliteDatabase _db;

    // The pool as the writer sees it, including decisions of the batch in progress: touched on the writer thread only.
    private PoolIndex? _writerPool;

    // The pool as last committed, with each number's position: what routing and the ops API read.
    private CommittedPool _committed;

    /// <summary>Loads the committed pool (moving a pool saved by an older version, one JSON value, into rows).</summary>
    public SqliteDurableStore(SqliteDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
        _committed = new(db.InTransaction((connection, transaction) =>
        {
            var pool = PoolRows.Read(connection, transaction);
            var legacy = Query(connection, transaction, "SELECT state FROM pool WHERE id = 1", r => r.GetString(0)).FirstOrDefault();
            if (legacy is not null)
            {
                if (pool.Numbers.Count == 0)
                {
                    pool = DurableJson.Deserialize<CallbackPoolState>(legacy);
                    PoolRows.Write(connection, transaction, CallbackPoolState.Empty, pool);
                }

                Execute(connection, transaction, "DELETE FROM pool");
            }

            // On the writer thread: the writer's index is the one loaded here, not a second read of the rows.
            return _writerPool = new PoolIndex(pool);
        }));
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateInstanceAsync(string instanceId, string inputJson, DateTimeOffset createdAt) =>
        await _db.WriteAsync(
            "INSERT OR IGNORE INTO instances (id, input, created_at, status, wake_at, updated_at) VALUES ($id, $input, $at, $status, $at, $at)",
            ("$id", instanceId), ("$input", inputJson), ("$at", Time(createdAt)), ("$status", nameof(RuntimeStatus.Running))) == 1;

    /// <inheritdoc />
    public Task<InstanceRecord?> GetInstanceAsync(string instanceId) =>
        Task.FromResult(_db.Query($"SELECT {InstanceColumns} FROM instances WHERE id = $id", ReadInstance, ("$id", instanceId)).FirstOrDefault());

    /// <inheritdoc />
    public Task<RuntimeStatus?> GetStatusAsync(string instanceId) =>
        Task.FromResult(_db.Query("SELECT status FROM instances WHERE id = $id", r => (RuntimeStatus?)Enum.Parse<RuntimeStatus>(r.GetString(0)), ("$id", instanceId)).FirstOrDefault());

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync() =>
        Task.FromResult<IReadOnlyList<InstanceRecord>>(_db.Query($"SELECT {InstanceColumns} FROM instances ORDER BY created_at DESC, id", ReadInstance));

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> LoadJournalAsync(string instanceId) =>
        Task.FromResult<IReadOnlyList<JournalEntry>>(_db.Query(
            "SELECT seq, kind, name, key, result, error, recorded_at FROM journal WHERE instance_id = $id ORDER BY seq",
            r => new JournalEntry(r.GetInt32(0), Enum.Parse<ActionKind>(r.GetString(1)), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), ParseTime(r.GetString(6))),
            ("$id", instanceId)));

    /// <inheritdoc />
    public Task AppendJournalAsync(string instanceId, JournalEntry entry) =>
        _db.WriteAsync((connection, transaction) =>
        {
            Append(connection, transaction, instanceId, entry);
            return true;
        });

    /// <inheritdoc />
    public Task SaveProgressAsync(string instanceId, RuntimeStatus status, string? customStatusJson, DateTimeOffset? wakeAt, string? outputJson, string? error, DateTimeOffset at) =>
        _db.WriteAsync(
            """
            UPDATE instances SET status = $status, custom_status = COALESCE($custom, custom_status), wake_at = $wake,
                output = $output, error = $error, updated_at = $at WHERE id = $id
            """,
            ("$id", instanceId), ("$status", status.ToString()), ("$custom", customStatusJson),
            ("$wake", wakeAt is { } w ? Time(w) : null), ("$output", outputJson), ("$error", error), ("$at", Time(at)));

    /// <inheritdoc />
    public Task SaveStatusAsync(string instanceId, string customStatusJson) =>
        _db.WriteAsync("UPDATE instances SET custom_status = $custom WHERE id = $id", ("$id", instanceId), ("$custom", customStatusJson));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> DueInstancesAsync(DateTimeOffset now) =>
        Task.FromResult<IReadOnlyList<string>>(_db.Query(
            "SELECT id FROM instances WHERE status = $status AND wake_at IS NOT NULL AND wake_at <= $now ORDER BY wake_at",
            r => r.GetString(0), ("$status", nameof(RuntimeStatus.Running)), ("$now", Time(now))));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> UnfinishedInstancesAsync() =>
        Task.FromResult<IReadOnlyList<string>>(_db.Query(
            "SELECT id FROM instances WHERE status = $status ORDER BY created_at", r => r.GetString(0), ("$status", nameof(RuntimeStatus.Running))));

    /// <inheritdoc />
    public async Task<bool> AddCallEndAsync(string instanceId, CallEnd end) =>
        await _db.WriteAsync("INSERT OR IGNORE INTO inbox (instance_id, call_end) VALUES ($id, $end)",
            ("$id", instanceId), ("$end", DurableJson.Serialize(end))) == 1;

    /// <inheritdoc />
    public Task<CallEnd?> GetCallEndAsync(string instanceId) =>
        Task.FromResult(_db.Query("SELECT call_end FROM inbox WHERE instance_id = $id",
            r => DurableJson.Deserialize<CallEnd>(r.GetString(0)), ("$id", instanceId)).FirstOrDefault());

    /// <summary>The last committed pool, from memory: never waits for a write, however large.</summary>
    public Task<CallbackPoolState> GetPoolAsync() => Task.FromResult(Volatile.Read(ref _committed).State);

    /// <summary>One number of the last committed pool, from memory and without a scan (routing: flat in pool size).</summary>
    public Task<PoolNumber?> FindPoolNumberAsync(string number)
    {
        var committed = Volatile.Read(ref _committed);
        return Task.FromResult(committed.Positions.TryGetValue(number, out var position) ? committed.State.Numbers[position] : null);
    }

    /// <inheritdoc />
    public async Task<T> UpdatePoolAsync<T>(Func<CallbackPoolState, (CallbackPoolState State, T Result)> decide, Func<T, (string InstanceId, JournalEntry Entry)?>? journal = null)
    {
        ArgumentNullException.ThrowIfNull(decide);
        var (_, result) = await _db.WriteAsync(
            (connection, transaction) =>
            {
                var index = WriterPool(connection, transaction);
                var current = index.State;
                var (next, outcome) = decide(current);
                PoolRows.Write(connection, transaction, current, next);
                if (journal?.Invoke(outcome) is { } j)
                {
                    Append(connection, transaction, j.InstanceId, j.Entry);
                }

                if (!ReferenceEquals(next, current))
                {
                    _writerPool = index = new PoolIndex(next);
                }

                return (new CommittedPool(index), outcome);
            },
            lost: () => _writerPool = null,
            committed: r => Volatile.Write(ref _committed, r.Item1));
        return result;
    }

    /// <summary>A lifecycle's pool command, decided by the domain on the few numbers it can touch (see <see cref="PoolIndex"/>).</summary>
    public async Task<object> ApplyPoolAsync(PoolCommand command, DateTimeOffset now, Func<object, (string InstanceId, JournalEntry Entry)?>? journal = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (_, result) = await _db.WriteAsync(
            (connection, transaction) =>
            {
                var index = WriterPool(connection, transaction);
                if (index.Focus(command) is not { } focus)
                {
                    var current = index.State;
                    var (next, whole) = CallbackPool.Decide(current, command, now);
                    PoolRows.Write(connection, transaction, current, next);
                    Journal(connection, transaction, journal, whole);
                    _writerPool = index = new PoolIndex(next);
                    return (new CommittedPool(index), whole);
                }

                var (decided, outcome) = CallbackPool.Decide(new CallbackPoolState(focus.Select(f => f.Number).ToList()), command, now);
                PoolRows.WriteChanged(connection, transaction, index.Apply(focus, decided));
                Journal(connection, transaction, journal, outcome);
                return (new CommittedPool(index), outcome);
            },
            lost: () => _writerPool = null,
            committed: r => Volatile.Write(ref _committed, r.Item1));
        return result;
    }

    private PoolIndex WriterPool(SqliteConnection connection, SqliteTransaction transaction) =>
        _writerPool ??= new PoolIndex(PoolRows.Read(connection, transaction));

    private static void Journal(SqliteConnection connection, SqliteTransaction transaction, Func<object, (string InstanceId, JournalEntry Entry)?>? journal, object outcome)
    {
        if (journal?.Invoke(outcome) is { } j)
        {
            Append(connection, transaction, j.InstanceId, j.Entry);
        }
    }

    private static void Append(SqliteConnection connection, SqliteTransaction? transaction, string instanceId, JournalEntry entry) =>
        Execute(connection, transaction,
            "INSERT INTO journal (instance_id, seq, kind, name, key, result, error, recorded_at) VALUES ($id, $seq, $kind, $name, $key, $result, $error, $at)",
            ("$id", instanceId), ("$seq", entry.Sequence), ("$kind", entry.Kind.ToString()), ("$name", entry.Name), ("$key", entry.Key),
            ("$result", entry.ResultJson), ("$error", entry.Error), ("$at", Time(entry.RecordedAt)));

    private static InstanceRecord ReadInstance(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), ParseTime(r.GetString(2)), Enum.Parse<RuntimeStatus>(r.GetString(3)),
        Text(r, 4), Text(r, 5), Text(r, 6) is { } wake ? ParseTime(wake) : null, ParseTime(r.GetString(7)), Text(r, 8));

    /// <summary>A committed pool state and each number's position in it (both immutable).</summary>
    private sealed record CommittedPool(CallbackPoolState State, FrozenDictionary<string, int> Positions)
    {
        /// <summary>Taken on the writer thread: the index's state now, and its positions.</summary>
        public CommittedPool(PoolIndex index)
            : this(index.State, index.Positions)
        {
        }
    }
}
