using System.Globalization;
using System.Text.RegularExpressions;

namespace EmergencyFlow.Application.Notifications;

/// <summary>
/// How a step says "the service asked me to come back in N seconds": a throttled send throws at once with this in
/// its message instead of waiting inside the activity (where a long Retry-After would outlast the function's
/// timeout), and the lifecycle's durable retry reads it back and waits that long with a durable timer.
/// </summary>
public static partial class StepThrottled
{
    /// <summary>The longest a step waits for a service's Retry-After itself; anything longer is the durable retry's.</summary>
    public static readonly TimeSpan LongestWaitInStep = TimeSpan.FromSeconds(20);

    /// <summary>The failure message for a throttled step (no personal data).</summary>
    public static string Message(string service, TimeSpan retryAfter) =>
        string.Create(CultureInfo.InvariantCulture, $"{service} throttled the request: retry after {Math.Ceiling(retryAfter.TotalSeconds):0} s.");

    /// <summary>The wait a throttled step's failure message asks for, if it is one.</summary>
    public static TimeSpan? RetryAfter(string? failureMessage) =>
        failureMessage is not null && RetryAfterText().Match(failureMessage) is { Success: true } match
            ? TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            : null;

    [GeneratedRegex(@"throttled the request: retry after (\d{1,7}) s\.")]
    private static partial Regex RetryAfterText();
}
