using EmergencyFlow.Domain.Presence;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>How a lifecycle ended (the orchestration output).</summary>
public sealed record LifecycleOutcome(
    LifecycleStatus FinalStatus,
    PresenceSnapshot? PreviousPresence,
    PresenceRestoreResult? Restore,
    string? CallbackNumber,
    NotificationOutcome? Notification,
    CallEnd? End);
