
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>A callback pool operation failed (the entity threw). Hosts translate their own failure type into this.</summary>
public sealed class PoolOperationFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PoolOperationFailedException(string operation, string reason)
        : base($"Pool operation {operation} failed: {reason}")
    {
        Operation = operation;
        Reason = reason;
    }

    /// <summary>Required by the exception pattern; prefer the (operation, reason) constructor.</summary>
    public PoolOperationFailedException()
        : this("unknown", "unknown")
    {
    }

    /// <summary>Required by the exception pattern; prefer the (operation, reason) constructor.</summary>
    public PoolOperationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "unknown";
        Reason = message;
    }

    /// <summary>Required by the exception pattern; prefer the (operation, reason) constructor.</summary>
    public PoolOperationFailedException(string message)
        : this("unknown", message)
    {
    }

    /// <summary>The operation's name.</summary>
    public string Operation { get; }

    /// <summary>Why it failed (no personal data).</summary>
    public string Reason { get; }
}
