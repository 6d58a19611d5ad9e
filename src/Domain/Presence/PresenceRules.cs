
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

    /// <summary>
    /// True for a status only a person chooses in Microsoft Teams: Graph documents these availability/activity pairs for
    /// a user's preferred presence, while app sessions and Teams' automatic states report other pairs (Busy/InACall,
    /// DoNotDisturb/Presenting, …). Available/Available and Away/Away are not here: Teams also reports them by itself,
    /// so Graph cannot tell whether the agent chose them.
    /// </summary>
    public static bool IsChosenByThePerson(PresenceSnapshot presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return PersonChosen.Any(p => string.Equals(p.Availability, presence.Availability, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Activity, presence.Activity, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly (string Availability, string Activity)[] PersonChosen =
        [("Busy", "Busy"), ("DoNotDisturb", "DoNotDisturb"), ("BeRightBack", "BeRightBack"), ("Offline", "OffWork")];
}
