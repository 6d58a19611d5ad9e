namespace EmergencyFlow.Durable;

/// <summary>Whether a start created a lifecycle or found one.</summary>
/// <param name="Created">True when this call created the instance.</param>
/// <param name="Instance">The instance as it stands after the call.</param>
public sealed record StartResult(bool Created, InstanceRecord Instance);
