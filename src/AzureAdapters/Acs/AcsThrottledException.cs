using EmergencyFlow.Application.Notifications;

namespace EmergencyFlow.AzureAdapters.Acs;

/// <summary>
/// ACS answered 429 (or 503) with a Retry-After longer than a step may wait (<see cref="StepThrottled.LongestWaitInStep"/>):
/// thrown at once so the durable retry waits instead of the activity.
/// </summary>
public sealed class AcsThrottledException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AcsThrottledException(TimeSpan retryAfter)
        : base(StepThrottled.Message("ACS", retryAfter)) => RetryAfter = retryAfter;

    /// <summary>Required by the exception pattern.</summary>
    public AcsThrottledException()
        : this(TimeSpan.Zero)
    {
    }

    /// <summary>Required by the exception pattern.</summary>
    public AcsThrottledException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the exception pattern.</summary>
    public AcsThrottledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What ACS asked for.</summary>
    public TimeSpan RetryAfter { get; }
}
