namespace EmergencyFlow.Hosting.Callbacks;

/// <summary>Redirects a ringing call (its own port so the routing decision is testable without ACS).</summary>
public interface ICallRedirector
{
    /// <summary>Redirects the incoming call to the agent's ACS identity.</summary>
    Task RedirectAsync(string incomingCallContext, string agentRawId, CancellationToken cancellationToken);
}
