namespace EmergencyFlow.LocalHost.Storage;

/// <summary>Another host process owns the data directory (ADR 0004: one host per database file).</summary>
public sealed class DataDirectoryInUseException : Exception
{
    /// <summary>The directory is locked by another host.</summary>
    public DataDirectoryInUseException(string directory, string lockFile, Exception inner)
        : base($"The data directory '{directory}' is in use by another EmergencyFlow host (it holds '{lockFile}'). " +
               "Stop that host or start this one with another EmergencyFlow:DataDirectory.", inner)
    {
        Directory = directory;
    }

    /// <summary>Required by the exception pattern.</summary>
    public DataDirectoryInUseException()
        : base("The data directory is in use by another EmergencyFlow host.")
    {
        Directory = string.Empty;
    }

    /// <summary>Required by the exception pattern.</summary>
    public DataDirectoryInUseException(string message)
        : base(message)
    {
        Directory = string.Empty;
    }

    /// <summary>Required by the exception pattern.</summary>
    public DataDirectoryInUseException(string message, Exception inner)
        : base(message, inner)
    {
        Directory = string.Empty;
    }

    /// <summary>The directory that is in use.</summary>
    public string Directory { get; }
}
