using Microsoft.Data.Sqlite;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>One member of a group commit: its work, and how its waiter learns the outcome.</summary>
internal abstract class WriteItem
{
    /// <summary>Runs the work inside the batch's transaction; an exception is kept for <see cref="Complete"/>.</summary>
    public abstract void Run(SqliteConnection connection, SqliteTransaction transaction);

    /// <summary>After the commit: hands the result (or the work's own failure) to the waiter.</summary>
    public abstract void Complete();

    /// <summary>The batch was never committed: nothing of this member is on disk.</summary>
    public abstract void Lose(Exception reason);
}
