namespace EmergencyFlow.Durable;

/// <summary>The workflow asked for a different action than the journal recorded: code changed under a running instance.</summary>
public sealed class NonDeterminismException(string message) : Exception(message)
{
    /// <summary>Required by the exception pattern.</summary>
    public NonDeterminismException()
        : this("Non-deterministic replay.")
    {
    }

    /// <summary>Required by the exception pattern.</summary>
    public NonDeterminismException(string message, Exception inner)
        : this(message + " " + inner.Message)
    {
    }
}
