
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>The orchestration input.</summary>
/// <param name="InstanceId">The instance id (derived from the call).</param>
/// <param name="Call">The call.</param>
/// <param name="Settings">Settings for this instance.</param>
/// <param name="EndedBeforeStartAt">Set when the call's end was seen before its start: no DND, no wait.</param>
/// <param name="Revision">
/// Which revision of the workflow the instance started under (<see cref="LifecycleRevision"/>): a lifecycle in flight
/// when a new revision is deployed replays the durable actions it was started with. Inputs stored before revisions
/// existed read as 1.
/// </param>
public sealed record LifecycleInput(string InstanceId, EmergencyCall Call, LifecycleSettings Settings, DateTimeOffset? EndedBeforeStartAt, int Revision = LifecycleRevision.First);
