using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>Stages an operator sees, in order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LifecycleStage>))]
public enum LifecycleStage
{
    /// <summary>The lifecycle has started.</summary>
    Started,

    /// <summary>The agent is in Do Not Disturb.</summary>
    DoNotDisturbSet,

    /// <summary>A callback number is leased (or the pool was exhausted).</summary>
    CallbackLeased,

    /// <summary>Contacts were notified (or the reason they were not is recorded).</summary>
    ContactsNotified,

    /// <summary>Waiting for the call to end.</summary>
    WaitingForCallEnd,

    /// <summary>The agent's previous presence is back.</summary>
    PresenceRestored,

    /// <summary>The call is over; callbacks still reach the agent until the lease expires.</summary>
    CallbackWindowOpen,

    /// <summary>The callback number is back in the pool; the lifecycle is over.</summary>
    Completed,
}
