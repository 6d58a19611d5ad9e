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
