using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>The call's end as the lifecycle saw it.</summary>
/// <param name="At">When the call ended (or the deadline, when it never arrived).</param>
/// <param name="Source">Which signal ended the wait.</param>
public sealed record CallEnd(DateTimeOffset At, CallEndSource Source)
{
    /// <summary>True when the wait ended at the deadline.</summary>
    [JsonIgnore]
    public bool TimedOut => Source == CallEndSource.Deadline;
}
