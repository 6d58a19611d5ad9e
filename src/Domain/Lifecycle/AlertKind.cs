using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>What operators are alerted about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))]
public enum AlertKind
{
    /// <summary>No free callback number: the lifecycle went on without one.</summary>
    PoolExhausted,

    /// <summary>The call end never arrived; presence was restored at the deadline.</summary>
    CallEndMissing,

    /// <summary>Presence could not be set or restored.</summary>
    PresenceFailed,

    /// <summary>The notification email could not be sent.</summary>
    NotificationFailed,

    /// <summary>The agent is not in the directory.</summary>
    UnknownAgent,

    /// <summary>The email service reported the notification as bounced, failed or suppressed.</summary>
    NotificationNotDelivered,

    /// <summary>The lifecycle itself failed (a bug or a broken store): presence and the callback number need a person.</summary>
    LifecycleFailed,

    /// <summary>The callback pool could not be reached: the lifecycle went on without a dedicated callback number.</summary>
    PoolUnavailable,

    /// <summary>No end signal yet, well before the deadline: the dialer may not be sending its call-ended event.</summary>
    CallEndSilent,

    /// <summary>Stored emergency contacts could not be emailed and were skipped; the others were emailed.</summary>
    ContactsSkipped,

    /// <summary>The mail service refused some recipients; the others were emailed.</summary>
    RecipientsRefused,

    /// <summary>The dialer's event named an identity that is not the directory's; the directory's was used.</summary>
    IdentityMismatch,

    /// <summary>A callback to a pool number whose lease had ended went to the contact centre's fallback.</summary>
    CallbackToFallback,
}
