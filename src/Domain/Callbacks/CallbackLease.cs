using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Callbacks;

/// <summary>
/// A number leased to one agent. Each lifecycle that uses it holds it with its own lease id; the
/// number is released when the last hold is released, so an older lifecycle's timer never frees a
/// lease that a newer emergency call of the same agent extended.
/// </summary>
/// <param name="AgentId">The contact centre's agent id.</param>
/// <param name="AgentIdentity">The agent's ACS raw id, the target of a callback redirect.</param>
/// <param name="LeasedAt">When the number was first leased to this agent.</param>
/// <param name="Holds">One hold per lifecycle; the first is the one that leased the number.</param>
public sealed record CallbackLease(string AgentId, string AgentIdentity, DateTimeOffset LeasedAt, IReadOnlyList<LeaseHold> Holds)
{
    /// <summary>The latest time any hold keeps the number.</summary>
    [JsonIgnore]
    public DateTimeOffset ExpiresAt => Holds.Count == 0 ? LeasedAt : Holds.Max(h => h.Until);

    /// <summary>True while a callback to the number goes to the agent.</summary>
    public bool IsLiveAt(DateTimeOffset now) => Holds.Count > 0 && ExpiresAt > now;
}
