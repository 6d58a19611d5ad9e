using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Presence;

/// <summary>Outcome of restoring presence (durable payload).</summary>
/// <param name="Restored">True when the previous presence was written back.</param>
/// <param name="Presence">The presence the agent has afterwards.</param>
/// <param name="Reason">Why, in a sentence.</param>
public sealed record PresenceRestoreResult(bool Restored, PresenceSnapshot Presence, string Reason)
{
    /// <summary>True when the agent chose a presence during the call: theirs stays, only EmergencyFlow's own Do Not Disturb goes.</summary>
    [JsonIgnore]
    public bool AgentChoseDuringCall => !Restored && !Presence.IsDoNotDisturb;
}
