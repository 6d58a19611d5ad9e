using EmergencyFlow.Domain.Numbers;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>What to do with an "outbound call placed" or an end that arrived before it.</summary>
/// <param name="Classification">The number plan's verdict.</param>
/// <param name="Input">The lifecycle to start, when the call is an emergency or test call.</param>
public sealed record StartDecision(CallClassification Classification, LifecycleInput? Input)
{
    /// <summary>True when a lifecycle should start (unless one already exists for the call).</summary>
    public bool StartsLifecycle => Input is not null;
}
