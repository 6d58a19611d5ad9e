using EmergencyFlow.Domain.Presence;

namespace EmergencyFlow.Application.Presence;

/// <summary>The presence system (local store, Microsoft Teams through Graph, …).</summary>
public interface IPresenceGateway
{
    /// <summary>The agent's current presence.</summary>
    Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken);

    /// <summary>Sets the agent's presence.</summary>
    Task SetAsync(string agentId, string agentIdentity, PresenceSnapshot presence, CancellationToken cancellationToken);
}
