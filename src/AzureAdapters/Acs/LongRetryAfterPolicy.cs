using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EmergencyFlow.AzureAdapters.Acs;

/// <summary>
/// Per attempt: a throttled answer whose Retry-After is longer than a step may wait ends the request with
/// <see cref="AcsThrottledException"/> instead of letting the pipeline's retry sleep through it inside the activity
/// (the Functions host kills an activity after its function timeout). Shorter waits are left to the pipeline.
/// </summary>
internal sealed class LongRetryAfterPolicy(TimeSpan longestWait) : HttpPipelineSynchronousPolicy
{
    public override void OnReceivedResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Response.Status is 429 or 503 && RetryAfter(message.Response) is { } wait && wait > longestWait)
        {
            throw new AcsThrottledException(wait);
        }
    }

    private static TimeSpan? RetryAfter(Response response)
    {
        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at - DateTimeOffset.UtcNow : null;
    }
}
