using EmergencyFlow.Domain.Presence;

namespace EmergencyFlow.Application.Presence;

/// <summary>
/// The presence system (the local store, Microsoft Teams through Graph, …), seen by the two presence steps:
/// Do Not Disturb that shows whatever the agent's own status, held for the call, and taken back after it.
/// </summary>
public interface IPresenceGateway
{
    /// <summary>The agent's current presence.</summary>
    Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken);

    /// <summary>
    /// Sets Do Not Disturb so that it shows over any status the agent set themselves, for at least
    /// <paramref name="holdFor"/> (the call-end deadline). Repeating it changes nothing.
    /// </summary>
    Task SetDoNotDisturbAsync(string agentId, string agentIdentity, TimeSpan holdFor, CancellationToken cancellationToken);

    /// <summary>
    /// Takes back the Do Not Disturb that EmergencyFlow set. Unless <paramref name="keepAgentsChoice"/> (the agent chose a
    /// presence during the call, which stays), puts back <paramref name="previous"/>, what the agent had before the call, as
    /// far as the presence system allows. Nothing left to take back is success. Repeating it changes nothing.
    /// </summary>
    Task RestoreAsync(string agentId, string agentIdentity, PresenceSnapshot previous, bool keepAgentsChoice, CancellationToken cancellationToken);
}
