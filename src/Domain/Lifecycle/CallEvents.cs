using EmergencyFlow.Domain.Numbers;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>Decisions on call events, shared by every host.</summary>
public static class CallEvents
{
    /// <summary>Classifies a placed call and, for an emergency or test call, builds the lifecycle input.</summary>
    public static StartDecision OnPlaced(OutboundCallPlaced placed, NumberPlan plan, LifecycleSettings settings) =>
        Decide(placed, plan, settings, endedAt: null);

    /// <summary>
    /// For an end that found no lifecycle: when it is the dialer's end of an emergency call, the
    /// lifecycle starts anyway, already ended (no DND, but lease and notification still happen).
    /// </summary>
    public static StartDecision? OnEndWithoutLifecycle(CallEndSignal end, NumberPlan plan, LifecycleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(end);
        return end.Details is null ? null : Decide(end.Details, plan, settings, end.EndedAt);
    }

    private static StartDecision Decide(OutboundCallPlaced placed, NumberPlan plan, LifecycleSettings settings, DateTimeOffset? endedAt)
    {
        ArgumentNullException.ThrowIfNull(placed);
        ArgumentNullException.ThrowIfNull(plan);
        var classification = plan.Classify(placed.DialledNumber, placed.Country);
        if (!classification.StartsLifecycle)
        {
            return new(classification, null);
        }

        var country = classification.Country!;
        var call = new EmergencyCall(placed.Call, placed.AgentId, placed.AgentIdentity, classification.NormalisedNumber,
            country.IsoCode, country.Name, classification.Kind == CallKind.TestCall, placed.PlacedAt, placed.Location);
        return new(classification, new LifecycleInput(placed.Call.InstanceId, call, settings, endedAt, LifecycleRevision.Current));
    }
}
