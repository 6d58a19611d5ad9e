using EmergencyFlow.Domain.Callbacks;
using Microsoft.Data.Sqlite;
using static EmergencyFlow.LocalHost.Storage.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The callback pool as rows: one per number (its lease's agent, when leased) and one per hold.
/// A decision is written as the difference from the state before it: the domain's decider keeps
/// every number it did not touch (same instance), so a lease, extend or release writes one number
/// and its holds whatever the pool's size.
/// </summary>
internal static class PoolRows
{
    /// <summary>The pool as stored.</summary>
    public static CallbackPoolState Read(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var holds = new Dictionary<string, List<LeaseHold>>(StringComparer.Ordinal);
        foreach (var (number, hold) in Query(connection, transaction, "SELECT number, lease_id, until FROM pool_holds ORDER BY number, position",
                     r => (r.GetString(0), new LeaseHold(r.GetString(1), ParseTime(r.GetString(2))))))
        {
            if (!holds.TryGetValue(number, out var list))
            {
                holds[number] = list = [];
            }

            list.Add(hold);
        }

        var numbers = Query(connection, transaction,
            "SELECT number, agent_id, agent_identity, leased_at, released_at FROM pool_numbers ORDER BY position",
            r => new PoolNumber(
                r.GetString(0),
                Text(r, 1) is { } agent ? new CallbackLease(agent, r.GetString(2), ParseTime(r.GetString(3)), holds.GetValueOrDefault(r.GetString(0)) ?? []) : null,
                Text(r, 4) is { } released ? ParseTime(released) : null));
        return numbers.Count == 0 ? CallbackPoolState.Empty : new CallbackPoolState(numbers);
    }

    /// <summary>Writes what changed between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static void Write(SqliteConnection connection, SqliteTransaction transaction, CallbackPoolState before, CallbackPoolState after)
    {
        if (ReferenceEquals(before, after))
        {
            return;
        }

        using var writer = new Writer(connection, transaction);
        var old = before.Numbers;
        var next = after.Numbers;
        if (old.Count == next.Count && SameOrder(old, next))
        {
            for (var i = 0; i < next.Count; i++)
            {
                if (!ReferenceEquals(old[i], next[i]))
                {
                    writer.Upsert(i, next[i], old[i]);
                }
            }

            return;
        }

        // Numbers added, removed or replaced (an ops change): rewrite the rows whose content or position moved.
        var oldIndex = new Dictionary<string, (int Position, PoolNumber Number)>(old.Count, StringComparer.Ordinal);
        for (var i = 0; i < old.Count; i++)
        {
            oldIndex[old[i].Number] = (i, old[i]);
        }

        for (var i = 0; i < next.Count; i++)
        {
            var number = next[i];
            if (oldIndex.Remove(number.Number, out var was))
            {
                if (was.Position != i || !ReferenceEquals(was.Number, number))
                {
                    writer.Upsert(i, number, was.Number);
                }
            }
            else
            {
                writer.Upsert(i, number, null);
            }
        }

        foreach (var (number, _) in oldIndex)
        {
            writer.Delete(number);
        }
    }

    /// <summary>Writes the numbers a lifecycle's pool command replaced (their positions do not move).</summary>
    public static void WriteChanged(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<(int Position, PoolNumber Before, PoolNumber After)> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        using var writer = new Writer(connection, transaction);
        foreach (var (position, before, after) in changes)
        {
            writer.Upsert(position, after, before);
        }
    }

    private static bool SameOrder(IReadOnlyList<PoolNumber> a, IReadOnlyList<PoolNumber> b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i], b[i]) && !string.Equals(a[i].Number, b[i].Number, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Prepared statements reused for every row of one change.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteCommand _upsert;
        private readonly SqliteCommand _deleteHolds;
        private readonly SqliteCommand _insertHold;
        private readonly SqliteCommand _deleteNumber;

        public Writer(SqliteConnection connection, SqliteTransaction transaction)
        {
            _upsert = Prepare(connection, transaction,
                """
                INSERT INTO pool_numbers (number, position, agent_id, agent_identity, leased_at, released_at) VALUES ($n, $p, $a, $i, $l, $r)
                ON CONFLICT (number) DO UPDATE SET position = excluded.position, agent_id = excluded.agent_id,
                    agent_identity = excluded.agent_identity, leased_at = excluded.leased_at, released_at = excluded.released_at
                """,
                "$n", "$p", "$a", "$i", "$l", "$r");
            _deleteHolds = Prepare(connection, transaction, "DELETE FROM pool_holds WHERE number = $n", "$n");
            _insertHold = Prepare(connection, transaction, "INSERT INTO pool_holds (number, position, lease_id, until) VALUES ($n, $p, $id, $u)", "$n", "$p", "$id", "$u");
            _deleteNumber = Prepare(connection, transaction, "DELETE FROM pool_numbers WHERE number = $n", "$n");
        }

        public void Upsert(int position, PoolNumber number, PoolNumber? before)
        {
            Run(_upsert, number.Number, position, number.Lease?.AgentId, number.Lease?.AgentIdentity,
                number.Lease is { } l ? Time(l.LeasedAt) : null, number.ReleasedAt is { } r ? Time(r) : null);
            var oldHolds = before?.Lease?.Holds;
            var newHolds = number.Lease?.Holds;
            if (ReferenceEquals(oldHolds, newHolds) || ((oldHolds?.Count ?? 0) == 0 && (newHolds?.Count ?? 0) == 0))
            {
                return;
            }

            Run(_deleteHolds, number.Number);
            for (var i = 0; i < (newHolds?.Count ?? 0); i++)
            {
                Run(_insertHold, number.Number, i, newHolds![i].LeaseId, Time(newHolds[i].Until));
            }
        }

        public void Delete(string number)
        {
            Run(_deleteHolds, number);
            Run(_deleteNumber, number);
        }

        public void Dispose()
        {
            _upsert.Dispose();
            _deleteHolds.Dispose();
            _insertHold.Dispose();
            _deleteNumber.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var name in names)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }

        private static void Run(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }
}
