using Azure.Core;

namespace EmergencyFlow.AzureAdapters.Acs;

/// <summary>Where the ACS clients send, and the REST contract they were written against.</summary>
/// <param name="Endpoint">The Communication Services resource, e.g. <c>https://acs-emergencyflow.communication.azure.com</c>.</param>
/// <param name="SenderAddress">The verified sender address of the Email Communication Services domain.</param>
public sealed record AcsOptions(Uri Endpoint, string SenderAddress)
{
    /// <summary>The Email REST API version (latest stable in Azure/azure-rest-api-specs, data-plane/Email).</summary>
    public const string EmailApiVersion = "2025-09-01";

    /// <summary>The Call Automation REST API version (latest stable in Azure/azure-rest-api-specs, data-plane/CallAutomation).</summary>
    public const string CallAutomationApiVersion = "2025-05-15";

    /// <summary>The Entra ID scope of the Communication Services data plane (the double slash is part of it).</summary>
    public const string Scope = "https://communication.azure.com//.default";
}

/// <summary>
/// Azure.Core pipeline settings of the ACS clients. Azure.Core's retry policy retries 408, 429 and 5xx
/// and waits at least the response's Retry-After, even beyond <see cref="RetryOptions.MaxDelay"/>; the
/// clients add no retry of their own.
/// </summary>
public sealed class AcsClientOptions : ClientOptions
{
    private AcsClientOptions(int maxRetries, TimeSpan delay, TimeSpan maxDelay, TimeSpan networkTimeout)
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = maxRetries;
        Retry.Delay = delay;
        Retry.MaxDelay = maxDelay;
        Retry.NetworkTimeout = networkTimeout;
        Diagnostics.ApplicationId = "EmergencyFlow";
    }

    /// <summary>
    /// For the notification email: a custom domain allows about 30 messages a minute, so a 429 is worth
    /// waiting out; what is still throttled after the retries is left to the activity's durable retry.
    /// </summary>
    public static AcsClientOptions ForEmail() => new(3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

    /// <summary>For the callback redirect: the call rings for about 30 seconds, so only short retries can still help.</summary>
    public static AcsClientOptions ForCallAutomation() => new(2, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

    /// <summary>Explicit settings (tests use tiny delays and a fake transport).</summary>
    public static AcsClientOptions With(int maxRetries, TimeSpan delay, TimeSpan maxDelay) => new(maxRetries, delay, maxDelay, TimeSpan.FromSeconds(30));
}
