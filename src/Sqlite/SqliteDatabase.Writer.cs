using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;

namespace EmergencyFlow.Sqlite;

/// <summary>The writer thread: group commit.</summary>
public sealed partial class SqliteDatabase
{
    private static FileStream TakeLock(string databaseFile)
    {
        var lockFile = databaseFile + ".lock";
        try
        {
            // FileShare.None is an exclusive lock the OS drops when the process dies: no stale lock to clean up.
            return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DatabaseInUseException(databaseFile, lockFile, ex);
        }
    }

    private void Enqueue(WriteItem item)
    {
        if (_dead is { } dead)
        {
            item.Lose(dead);
            return;
        }

        try
        {
            _queue.Add(item);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // The host is stopping: nothing more is written, and the waiter is told so.
            item.Lose(new ObjectDisposedException(nameof(SqliteDatabase), ex));
        }
    }

    private void WriteLoop()
    {
        var batch = new List<WriteItem>(MaxBatch);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            if (HoldWrites is { } hold)
            {
                Held.TrySetResult();
                hold.Task.GetAwaiter().GetResult();
                HoldWrites = null;
                Held = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            batch.Clear();
            batch.Add(first);
            while (batch.Count < MaxBatch && _queue.TryTake(out var next))
            {
                batch.Add(next);
            }

            Commit(batch);
        }
    }

    private void Commit(List<WriteItem> batch)
    {
        if (_dead is { } dead)
        {
            batch.ForEach(item => item.Lose(dead));
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            // Optimistic: no savepoint per member. A member failing is rare (a bug or a constraint):
            // the batch is then rolled back and run again with a savepoint around each member.
            var worked = TryCommit(batch, isolated: false);
            if (worked is null)
            {
                batch.ForEach(item => item.Undo());
                worked = TryCommit(batch, isolated: true);
            }

            var committed = System.Diagnostics.Stopwatch.GetTimestamp();
            _stats = _stats.Add(batch.Count, worked!.Value - started, committed - worked.Value);

            // Only now, with the batch flushed (synchronous=FULL), does any member's waiter hear back.
            batch.ForEach(item => item.Complete());
        }
        catch (Exception ex)
        {
            if (ex is SimulatedCrashException)
            {
                _dead = ex;
            }

            LogBatchLost(_logger, batch.Count, ex);
            batch.ForEach(item => item.Lose(ex));
        }
    }

    private long? TryCommit(List<WriteItem> batch, bool isolated)
    {
        using var transaction = _writer.BeginTransaction(deferred: false);
        if (!RunAll(batch, transaction, isolated))
        {
            transaction.Rollback();
            return null;
        }

        var worked = System.Diagnostics.Stopwatch.GetTimestamp();
        transaction.Commit();
        return worked;
    }

    private bool RunAll(List<WriteItem> batch, SqliteTransaction transaction, bool isolated)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (CrashBeforeMember?.Invoke(i) == true)
            {
                throw new SimulatedCrashException();
            }

            if (!batch[i].Run(_writer, transaction, isolated))
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A group commit of {Count} write(s) failed; none of them is on disk")]
    private static partial void LogBatchLost(ILogger logger, int count, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "A background write (operator view) failed")]
    private static partial void LogBackgroundWriteFailed(ILogger logger, Exception ex);
}
