using System.Text.Json.Serialization;

namespace EmergencyFlow.Application.Events;

/// <summary>What happened to one event of a delivery. The set is closed: both hosts answer with these words.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventOutcome>))]
public enum EventOutcome
{
    /// <summary>An emergency (or test) call: its lifecycle started.</summary>
    Started,

    /// <summary>The call's end arrived first and carried the call's details: the lifecycle started, already ended (no DND).</summary>
    StartedAfterEnd,

    /// <summary>The lifecycle for this call already exists (live or finished): nothing done.</summary>
    Duplicate,

    /// <summary>The number dialled is not an emergency number in the agent's country.</summary>
    NotEmergency,

    /// <summary>The country is outside the number plan: reported, never silently ignored.</summary>
    UnsupportedCountry,

    /// <summary>The call's end reached its live lifecycle.</summary>
    CallEndDelivered,

    /// <summary>The call's end arrived after its lifecycle had finished: nothing to do.</summary>
    LateEnd,

    /// <summary>No lifecycle for the call yet: the end is kept and ends the lifecycle if its start arrives later.</summary>
    EndKept,

    /// <summary>A callback to a live leased number: the agent rings with top priority.</summary>
    RingAgent,

    /// <summary>A call to a number that is not a callback pool number: the contact centre's normal routing answers it.</summary>
    NormalRouting,

    /// <summary>A callback to a pool number whose lease has ended: redirected to the contact centre's fallback, operators alerted.</summary>
    FallbackRouting,

    /// <summary>An email delivery report that needs no action.</summary>
    Delivered,

    /// <summary>The notification bounced, failed or was suppressed: operators alerted.</summary>
    Escalated,

    /// <summary>The Event Grid subscription validation handshake, answered.</summary>
    Validated,

    /// <summary>An event type EmergencyFlow does not handle, ignored on purpose.</summary>
    Ignored,

    /// <summary>The event cannot be read: kept whole as a dead letter, the field named.</summary>
    Malformed,
}
