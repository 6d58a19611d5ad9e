using Azure.Communication;
using Azure.Communication.CallAutomation;

namespace EmergencyFlow.Functions.Adapters;

/// <summary>Redirects a ringing call (its own interface so the Event Grid function is testable without ACS).</summary>
public interface ICallRedirector
{
    /// <summary>Redirects the incoming call to the agent's ACS identity.</summary>
    Task RedirectAsync(string incomingCallContext, string agentRawId, CancellationToken cancellationToken);
}

/// <summary>
/// ACS Call Automation redirect: the callback rings the agent directly, outside any routing rule,
/// capacity or presence check. Redirect publishes no events and starts no recording.
/// </summary>
public sealed class AcsCallRedirector(CallAutomationClient client) : ICallRedirector
{
    /// <inheritdoc />
    public async Task RedirectAsync(string incomingCallContext, string agentRawId, CancellationToken cancellationToken)
    {
        var invite = CommunicationIdentifier.FromRawId(agentRawId) switch
        {
            CommunicationUserIdentifier user => new CallInvite(user),
            MicrosoftTeamsUserIdentifier teamsUser => new CallInvite(teamsUser),
            var other => throw new InvalidOperationException($"A callback can be redirected to an ACS or Teams user, not to a {other.GetType().Name}."),
        };
        await client.RedirectCallAsync(incomingCallContext, invite, cancellationToken);
    }
}
