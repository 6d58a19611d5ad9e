using Microsoft.Data.Sqlite;

namespace EmergencyFlow.Sqlite;

/// <summary>One member of a group commit: its work, and how its waiter learns the outcome.</summary>
internal abstract class WriteItem
{
    /// <summary>
    /// Runs the work inside the batch's transaction. Not <paramref name="isolated"/>: false when the
    /// work threw (the batch is then rolled back and run again isolated). Isolated: inside its own
    /// savepoint, so a failure undoes only this member; its exception is kept for <see cref="Complete"/>.
    /// </summary>
    public abstract bool Run(SqliteConnection connection, SqliteTransaction transaction, bool isolated);

    /// <summary>The batch's transaction was rolled back to be run again: drop in-memory state derived from this member.</summary>
    public abstract void Undo();

    /// <summary>After the commit: hands the result (or the work's own failure) to the waiter.</summary>
    public abstract void Complete();

    /// <summary>The batch was never committed: nothing of this member is on disk.</summary>
    public abstract void Lose(Exception reason);
}
