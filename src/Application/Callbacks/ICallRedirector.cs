using EmergencyFlow.Application.Events;

namespace EmergencyFlow.Application.Callbacks;

/// <summary>
/// Rings the agent directly for a callback: the port both hosts route through (ACS Call Automation in
/// Azure, a recorder locally), so the Event Grid handling is testable without ACS.
/// </summary>
public interface ICallRedirector
{
    /// <summary>Redirects the ringing call to the agent; a repeat of the same redirect must not act twice.</summary>
    Task RedirectAsync(CallRedirect redirect, CancellationToken cancellationToken);
}

/// <summary>One redirect of a ringing callback to the agent who holds the lease.</summary>
/// <param name="IncomingCallContext">The IncomingCall event's opaque context.</param>
/// <param name="AgentRawId">The agent's raw id: <c>8:acs:…</c> (ACS user) or <c>8:orgid:…</c> (Teams user).</param>
/// <param name="IdempotencyKey">Equal for every delivery of the same ringing call, so a redelivery never redirects twice.</param>
/// <param name="FirstSentAt">
/// When the redirect was first asked for (the event's time, never the clock), equal for every delivery;
/// null when the event carried no time, and the redirect then goes without repeatability headers.
/// </param>
public sealed record CallRedirect(string IncomingCallContext, string AgentRawId, string IdempotencyKey, DateTimeOffset? FirstSentAt)
{
    /// <summary>The redirect for an incoming call: keyed by the call, timed by its event.</summary>
    public static CallRedirect For(IncomingCallEvent call, string agentRawId)
    {
        ArgumentNullException.ThrowIfNull(call);
        var callId = string.IsNullOrWhiteSpace(call.Call.ServerCallId) ? call.Call.CorrelationId : call.Call.ServerCallId;
        // ACS may publish more than one IncomingCall for one ringing call; keying by the call rings the agent once.
        return new CallRedirect(call.IncomingCallContext, agentRawId, "callback-redirect." + (callId ?? call.IncomingCallContext), call.At);
    }
}
