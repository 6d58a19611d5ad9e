using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>How the wait for the call's end finished.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallEndSource>))]
public enum CallEndSource
{
    /// <summary>The dialer's "outbound call ended" event.</summary>
    Dialer,

    /// <summary>ACS <c>CallEnded</c>.</summary>
    Acs,

    /// <summary>No end arrived before the deadline.</summary>
    Deadline,

    /// <summary>The end was known before the lifecycle started.</summary>
    BeforeStart,
}
