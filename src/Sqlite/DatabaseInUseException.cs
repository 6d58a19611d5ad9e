namespace EmergencyFlow.Sqlite;

/// <summary>Another process (or another open instance in this one) owns the database file: one owner per file.</summary>
public sealed class DatabaseInUseException : IOException
{
    /// <summary>The file is locked by another owner.</summary>
    public DatabaseInUseException(string databaseFile, string lockFile, Exception inner)
        : base($"The database '{databaseFile}' is in use by another process (it holds '{lockFile}'). " +
               "Stop that process, or give this one another data directory.", inner)
    {
        DatabaseFile = databaseFile;
    }

    /// <summary>Required by the exception pattern.</summary>
    public DatabaseInUseException()
        : this("The database is in use by another process.")
    {
    }

    /// <summary>Required by the exception pattern.</summary>
    public DatabaseInUseException(string message)
        : base(message)
    {
        DatabaseFile = string.Empty;
    }

    /// <summary>Required by the exception pattern.</summary>
    public DatabaseInUseException(string message, Exception inner)
        : base(message, inner)
    {
        DatabaseFile = string.Empty;
    }

    /// <summary>The database file that is in use.</summary>
    public string DatabaseFile { get; }
}
