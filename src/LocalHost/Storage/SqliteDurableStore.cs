using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Durable;
using Microsoft.Data.Sqlite;
using static EmergencyFlow.LocalHost.Storage.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The embedded runtime's durable state in SQLite; each method is one transaction. One host process
/// owns a database file at a time: the pool is cached in memory (routing reads it on every
/// IncomingCall) and written through under an in-process lock.
/// </summary>
public sealed class SqliteDurableStore(SqliteDatabase db) : IDurableStore
{
    private const string InstanceColumns = "id, input, created_at, status, custom_status, output, wake_at, updated_at, error";
    private readonly Lock _poolGate = new();
    private CallbackPoolState? _pool;

    /// <inheritdoc />
    public Task<bool> TryCreateInstanceAsync(string instanceId, string inputJson, DateTimeOffset createdAt) =>
        Task.FromResult(db.Execute(
            "INSERT OR IGNORE INTO instances (id, input, created_at, status, updated_at) VALUES ($id, $input, $at, $status, $at)",
            ("$id", instanceId), ("$input", inputJson), ("$at", Time(createdAt)), ("$status", nameof(RuntimeStatus.Running))) == 1);

    /// <inheritdoc />
    public Task<InstanceRecord?> GetInstanceAsync(string instanceId) =>
        Task.FromResult(db.Query($"SELECT {InstanceColumns} FROM instances WHERE id = $id", ReadInstance, ("$id", instanceId)).FirstOrDefault());

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync() =>
        Task.FromResult<IReadOnlyList<InstanceRecord>>(db.Query($"SELECT {InstanceColumns} FROM instances ORDER BY created_at DESC, id", ReadInstance));

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> LoadJournalAsync(string instanceId) =>
        Task.FromResult<IReadOnlyList<JournalEntry>>(db.Query(
            "SELECT seq, kind, name, key, result, error, recorded_at FROM journal WHERE instance_id = $id ORDER BY seq",
            r => new JournalEntry(r.GetInt32(0), Enum.Parse<ActionKind>(r.GetString(1)), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), ParseTime(r.GetString(6))),
            ("$id", instanceId)));

    /// <inheritdoc />
    public Task AppendJournalAsync(string instanceId, JournalEntry entry)
    {
        db.InTransaction((connection, transaction) =>
        {
            Append(connection, transaction, instanceId, entry);
            return true;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SaveProgressAsync(string instanceId, RuntimeStatus status, string? customStatusJson, DateTimeOffset? wakeAt, string? outputJson, string? error, DateTimeOffset at)
    {
        db.Execute(
            """
            UPDATE instances SET status = $status, custom_status = COALESCE($custom, custom_status), wake_at = $wake,
                output = $output, error = $error, updated_at = $at WHERE id = $id
            """,
            ("$id", instanceId), ("$status", status.ToString()), ("$custom", customStatusJson),
            ("$wake", wakeAt is { } w ? Time(w) : null), ("$output", outputJson), ("$error", error), ("$at", Time(at)));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> DueInstancesAsync(DateTimeOffset now) =>
        Task.FromResult<IReadOnlyList<string>>(db.Query(
            "SELECT id FROM instances WHERE status = $status AND wake_at IS NOT NULL AND wake_at <= $now ORDER BY wake_at",
            r => r.GetString(0), ("$status", nameof(RuntimeStatus.Running)), ("$now", Time(now))));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> UnfinishedInstancesAsync() =>
        Task.FromResult<IReadOnlyList<string>>(db.Query(
            "SELECT id FROM instances WHERE status = $status ORDER BY created_at", r => r.GetString(0), ("$status", nameof(RuntimeStatus.Running))));

    /// <inheritdoc />
    public Task<bool> AddCallEndAsync(string instanceId, CallEnd end) =>
        Task.FromResult(db.Execute("INSERT OR IGNORE INTO inbox (instance_id, call_end) VALUES ($id, $end)",
            ("$id", instanceId), ("$end", DurableJson.Serialize(end))) == 1);

    /// <inheritdoc />
    public Task<CallEnd?> GetCallEndAsync(string instanceId) =>
        Task.FromResult(db.Query("SELECT call_end FROM inbox WHERE instance_id = $id",
            r => DurableJson.Deserialize<CallEnd>(r.GetString(0)), ("$id", instanceId)).FirstOrDefault());

    /// <inheritdoc />
    public Task<CallbackPoolState> GetPoolAsync()
    {
        if (Volatile.Read(ref _pool) is { } cached)
        {
            return Task.FromResult(cached);
        }

        lock (_poolGate)
        {
            using var connection = db.Open();
            _pool ??= ReadPool(connection, null);
            return Task.FromResult(_pool);
        }
    }

    /// <inheritdoc />
    public Task<T> UpdatePoolAsync<T>(Func<CallbackPoolState, (CallbackPoolState State, T Result)> decide, Func<T, (string InstanceId, JournalEntry Entry)?>? journal = null)
    {
        ArgumentNullException.ThrowIfNull(decide);
        lock (_poolGate)
        {
            CallbackPoolState? committed = null;
            var outcome = db.InTransaction((connection, transaction) =>
            {
                var current = _pool ?? ReadPool(connection, transaction);
                var (state, result) = decide(current);
                if (!ReferenceEquals(state, current))
                {
                    Execute(connection, transaction, "INSERT INTO pool (id, state) VALUES (1, $state) ON CONFLICT (id) DO UPDATE SET state = excluded.state",
                        ("$state", DurableJson.Serialize(state)));
                }

                if (journal?.Invoke(result) is { } j)
                {
                    Append(connection, transaction, j.InstanceId, j.Entry);
                }

                committed = state;
                return result;
            });

            // Only after the commit: a failed transaction leaves the cache as the database has it.
            Volatile.Write(ref _pool, committed);
            return Task.FromResult(outcome);
        }
    }

    private static CallbackPoolState ReadPool(SqliteConnection connection, SqliteTransaction? transaction) =>
        Query(connection, transaction, "SELECT state FROM pool WHERE id = 1", r => DurableJson.Deserialize<CallbackPoolState>(r.GetString(0)))
            .FirstOrDefault() ?? CallbackPoolState.Empty;

    private static void Append(SqliteConnection connection, SqliteTransaction? transaction, string instanceId, JournalEntry entry) =>
        Execute(connection, transaction,
            "INSERT INTO journal (instance_id, seq, kind, name, key, result, error, recorded_at) VALUES ($id, $seq, $kind, $name, $key, $result, $error, $at)",
            ("$id", instanceId), ("$seq", entry.Sequence), ("$kind", entry.Kind.ToString()), ("$name", entry.Name), ("$key", entry.Key),
            ("$result", entry.ResultJson), ("$error", entry.Error), ("$at", Time(entry.RecordedAt)));

    private static InstanceRecord ReadInstance(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), ParseTime(r.GetString(2)), Enum.Parse<RuntimeStatus>(r.GetString(3)),
        Text(r, 4), Text(r, 5), Text(r, 6) is { } wake ? ParseTime(wake) : null, ParseTime(r.GetString(7)), Text(r, 8));
}
