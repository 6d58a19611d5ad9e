using EmergencyFlow.Domain.Presence;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>The lifecycle's side-effect steps; their names are the activity names.</summary>
public static class Steps
{
    /// <summary>Looks the agent up in the directory: the identity presence and callbacks use.</summary>
    public static Step<IdentifyAgentInput, AgentIdentityCheck> IdentifyAgent { get; } = new(nameof(IdentifyAgent));

    /// <summary>Sets Do Not Disturb and returns the presence to restore.</summary>
    public static Step<SetDoNotDisturbInput, PresenceSnapshot> SetDoNotDisturb { get; } = new(nameof(SetDoNotDisturb));

    /// <summary>Restores the previous presence, unless it changed since.</summary>
    public static Step<RestorePresenceInput, PresenceRestoreResult> RestorePresence { get; } = new(nameof(RestorePresence));

    /// <summary>Emails the agent's emergency contacts, once.</summary>
    public static Step<NotificationRequest, NotificationOutcome> SendNotification { get; } = new(nameof(SendNotification));

    /// <summary>Alerts operators.</summary>
    public static Step<OperatorAlert, StepDone> AlertOperators { get; } = new(nameof(AlertOperators));
}
