namespace EmergencyFlow.LocalHost.Storage;

/// <summary>The writer thread: group commit.</summary>
public sealed partial class SqliteDatabase
{
    private static FileStream TakeLock(string databaseFile, string directory)
    {
        var lockFile = databaseFile + ".lock";
        try
        {
            // FileShare.None is an exclusive lock the OS drops when the process dies: no stale lock to clean up.
            return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DataDirectoryInUseException(directory, lockFile, ex);
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
        catch (InvalidOperationException ex)
        {
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

        try
        {
            using (var transaction = _writer.BeginTransaction(deferred: false))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    if (CrashBeforeMember?.Invoke(i) == true)
                    {
                        throw new SimulatedCrashException();
                    }

                    batch[i].Run(_writer, transaction);
                }

                transaction.Commit();
            }

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

    [LoggerMessage(Level = LogLevel.Error, Message = "A group commit of {Count} write(s) failed; none of them is on disk")]
    private static partial void LogBatchLost(ILogger logger, int count, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "A background write (operator view) failed")]
    private static partial void LogBackgroundWriteFailed(ILogger logger, Exception ex);
}
