namespace EmergencyFlow.Http.Webhook;

/// <summary>
/// Names of the Functions host's Event Grid functions. The local host serves the same webhook path
/// and accepts the same names, so scripts and subscriptions work against both.
/// </summary>
public static class FunctionNames
{
    /// <summary>Dialer events, ACS CallEnded and email delivery reports.</summary>
    public const string OnCallEvent = nameof(OnCallEvent);

    /// <summary>ACS IncomingCall (its own subscription: 2 attempts, 1-minute TTL).</summary>
    public const string OnIncomingCall = nameof(OnIncomingCall);
}
