using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Application.Ops;

/// <summary>An agent in the directory.</summary>
public sealed record AgentDocument(string DisplayName, string AcsIdentity, string EmergencyContacts)
{
    /// <summary>The stored profile: trimmed, contacts in their normal form (call after <see cref="OpsValidation.Agent"/>).</summary>
    public AgentProfile ToProfile(string agentId) =>
        new(agentId, DisplayName.Trim(), AcsIdentity.Trim(), Domain.Notifications.EmergencyContacts.Parse(EmergencyContacts).ToStoredForm());
}
