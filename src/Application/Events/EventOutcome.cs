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

/// <summary>What happened to one event of a delivery.</summary>
/// <param name="EventId">Envelope id.</param>
/// <param name="EventType">Envelope type.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Detail">A sentence, no personal data.</param>
/// <param name="InstanceId">The lifecycle concerned, when there is one.</param>
public sealed record EventResult(string EventId, string EventType, EventOutcome Outcome, string Detail, string? InstanceId = null)
{
    /// <summary>What was repaired to read the event; empty when it arrived intact.</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];
}

/// <summary>An event (or a whole body) that could not be read, kept whole for operators.</summary>
/// <param name="At">When it arrived.</param>
/// <param name="EventId">Its id, or "(no id)".</param>
/// <param name="EventType">Its type, or "(unknown)".</param>
/// <param name="Reason">What is wrong, naming the field.</param>
/// <param name="Payload">The event or body as received (text, or base64 when it is not UTF-8), capped in size.</param>
/// <param name="Encoding">"utf-8" or "base64".</param>
/// <param name="Truncated">True when the payload was longer than the cap.</param>
public sealed record DeadLetter(DateTimeOffset At, string EventId, string EventType, string Reason, string Payload, string Encoding, bool Truncated);

/// <summary>Where a call's lifecycle stands.</summary>
public enum LifecycleState
{
    /// <summary>No lifecycle with that id.</summary>
    None,

    /// <summary>Running or waiting.</summary>
    Live,

    /// <summary>Completed, failed or terminated.</summary>
    Finished,
}
