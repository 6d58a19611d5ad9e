
namespace EmergencyFlow.Domain.Presence;

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
