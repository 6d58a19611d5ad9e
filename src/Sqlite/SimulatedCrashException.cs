namespace EmergencyFlow.Sqlite;

/// <summary>The test seam's "the process died here": the batch in progress never reaches the disk.</summary>
public sealed class SimulatedCrashException : Exception
{
    /// <summary>A crash.</summary>
    public SimulatedCrashException()
        : base("Simulated crash: the process died before the group commit.")
    {
    }

    /// <summary>Required by the exception pattern.</summary>
    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the exception pattern.</summary>
    public SimulatedCrashException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
