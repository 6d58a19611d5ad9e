
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>A step failed after the host's retries. Hosts translate their own failure type into this.</summary>
public sealed class StepFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StepFailedException(string step, string reason)
        : base($"Step {step} failed: {reason}")
    {
        Step = step;
        Reason = reason;
    }

    /// <summary>Required for serialization-style construction; prefer the (step, reason) constructor.</summary>
    public StepFailedException()
        : this("unknown", "unknown")
    {
    }

    /// <summary>Required by the exception pattern; prefer the (step, reason) constructor.</summary>
    public StepFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Step = "unknown";
        Reason = message;
    }

    /// <summary>Required by the exception pattern; prefer the (step, reason) constructor.</summary>
    public StepFailedException(string message)
        : this("unknown", message)
    {
    }

    /// <summary>The step's name.</summary>
    public string Step { get; }

    /// <summary>Why it failed (no personal data).</summary>
    public string Reason { get; }
}
