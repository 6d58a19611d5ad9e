using Microsoft.Data.Sqlite;

namespace EmergencyFlow.Sqlite;

/// <summary>A write whose waiter gets a <typeparamref name="T"/> once the batch holding it is committed.</summary>
internal sealed class WriteItem<T>(Func<SqliteConnection, SqliteTransaction, T> work, Action? lost, Action<T>? committed) : WriteItem
{
    private T? _result;
    private Exception? _failure;

    // Continuations run on the thread pool, never on the writer thread.
    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override bool Run(SqliteConnection connection, SqliteTransaction transaction, bool isolated)
    {
        _failure = null;
        if (!isolated)
        {
            try
            {
                _result = work(connection, transaction);
                return true;
            }
            catch (Exception ex) when (ex is not SimulatedCrashException)
            {
                _failure = ex;
                return false;
            }
        }

        transaction.Save("member");
        try
        {
            _result = work(connection, transaction);
            transaction.Release("member");
        }
        catch (Exception ex) when (ex is not SimulatedCrashException)
        {
            transaction.Rollback("member");
            transaction.Release("member");
            _failure = ex;
            lost?.Invoke();
        }

        return true;
    }

    public override void Undo() => lost?.Invoke();

    public override void Complete()
    {
        if (_failure is null)
        {
            // On the writer thread, in commit order: in-memory views derived from the write never go back in time.
            committed?.Invoke(_result!);
            Completion.TrySetResult(_result!);
        }
        else
        {
            Completion.TrySetException(_failure);
        }
    }

    public override void Lose(Exception reason)
    {
        if (_failure is null)
        {
            lost?.Invoke();
        }

        Completion.TrySetException(reason);
    }
}
