using EmergencyFlow.Application.Events;

namespace EmergencyFlow.Application.Callbacks;

/// <summary>
/// Redirects a ringing callback (to the agent, or to the fallback): the port both hosts route through (ACS Call Automation in
/// Azure, a recorder locally), so the Event Grid handling is testable without ACS.
/// </summary>
public interface ICallRedirector
{
    /// <summary>Redirects the ringing call to the agent; a repeat of the same redirect must not act twice.</summary>
    Task RedirectAsync(CallRedirect redirect, CancellationToken cancellationToken);
}

/// <summary>One redirect of a ringing callback: to the agent who holds the lease, or to the contact centre's fallback.</summary>
/// <param name="IncomingCallContext">The IncomingCall event's opaque context.</param>
/// <param name="TargetRawId">Where the call goes: an agent (<c>8:acs:…</c> ACS user, <c>8:orgid:…</c> Teams user) or a phone number (<c>4:+1…</c>).</param>
/// <param name="IdempotencyKey">Equal for every delivery of the same ringing call, so a redelivery never redirects twice.</param>
/// <param name="FirstSentAt">
/// When the redirect was first asked for (the event's time, never the clock), equal for every delivery;
/// null when the event carried no time, and the redirect then goes without repeatability headers.
/// </param>
public sealed record CallRedirect(string IncomingCallContext, string TargetRawId, string IdempotencyKey, DateTimeOffset? FirstSentAt)
{
    /// <summary>The redirect for an incoming call: keyed by the call, timed by its event.</summary>
    public static CallRedirect For(IncomingCallEvent call, string targetRawId)
    {
        ArgumentNullException.ThrowIfNull(call);
        var callId = string.IsNullOrWhiteSpace(call.Call.ServerCallId) ? call.Call.CorrelationId : call.Call.ServerCallId;
        // ACS may publish more than one IncomingCall for one ringing call; keying by the call rings the agent once.
        return new CallRedirect(call.IncomingCallContext, targetRawId, "callback-redirect." + (callId ?? call.IncomingCallContext), call.At);
    }
}
