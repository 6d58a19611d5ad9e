namespace EmergencyFlow.Hosting.Notifications;

/// <summary>
/// How the email step treats throttling (ACS Email answers 429 with Retry-After; a custom domain
/// allows about 30 messages a minute). Short waits are taken inside the step; longer ones are left to
/// the orchestration's retry policy, so an activity never blocks a worker for minutes.
/// </summary>
public static class EmailThrottling
{
    /// <summary>Attempts inside one step execution.</summary>
    public const int AttemptsPerStep = 3;

    /// <summary>The longest wait taken inside the step.</summary>
    public static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The wait before the next attempt after a 429, or null to give up and let the durable retry take over.
    /// Without Retry-After the wait doubles from 2 seconds.
    /// </summary>
    public static TimeSpan? NextWait(int attempt, TimeSpan? retryAfter)
    {
        if (attempt >= AttemptsPerStep)
        {
            return null;
        }

        var wait = retryAfter ?? TimeSpan.FromSeconds(2 * Math.Pow(2, attempt - 1));
        return wait <= MaxInlineWait ? wait : null;
    }
}
