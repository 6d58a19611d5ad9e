using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Presence;

/// <summary>
/// An agent's presence as the presence system reports it: availability (Available, Busy, Away,
/// DoNotDisturb, …) and, where the system has one, the activity (InACall, Presenting, …).
/// </summary>
/// <param name="Availability">The availability value.</param>
/// <param name="Activity">The activity value, when the presence system has one.</param>
public sealed record PresenceSnapshot(string Availability, string? Activity)
{
    /// <summary>What EmergencyFlow sets during an emergency call.</summary>
    public static PresenceSnapshot DoNotDisturb { get; } = new("DoNotDisturb", "DoNotDisturb");

    /// <summary>Presence of an agent the presence system has never seen.</summary>
    public static PresenceSnapshot Unknown { get; } = new("PresenceUnknown", null);

    /// <summary>True when this is the presence EmergencyFlow sets.</summary>
    [JsonIgnore]
    public bool IsDoNotDisturb => string.Equals(Availability, DoNotDisturb.Availability, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Outcome of restoring presence (durable payload).</summary>
/// <param name="Restored">True when the previous presence was written back.</param>
/// <param name="Presence">The presence the agent has afterwards.</param>
/// <param name="Reason">Why, in a sentence.</param>
public sealed record PresenceRestoreResult(bool Restored, PresenceSnapshot Presence, string Reason);

/// <summary>Presence decisions, pure.</summary>
public static class PresenceRules
{
    /// <summary>
    /// Decides what to write back after the call. The previous presence is restored only while the
    /// agent still shows the Do Not Disturb that EmergencyFlow set: if the agent (or a supervisor)
    /// has changed presence since, that newer choice wins.
    /// </summary>
    public static PresenceRestoreResult DecideRestore(PresenceSnapshot current, PresenceSnapshot previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        if (!current.IsDoNotDisturb)
        {
            return new(false, current, $"Presence was changed to {current.Availability} during the call; left as it is.");
        }

        return previous.IsDoNotDisturb
            ? new(false, current, "The agent was already in Do Not Disturb before the call.")
            : new(true, previous, $"Restored to {previous.Availability}.");
    }
}
