using EmergencyFlow.Domain.Numbers;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>The dialer's "outbound call placed" (contract v1), after translation.</summary>
/// <param name="AgentId">Agent id.</param>
/// <param name="AgentIdentity">Agent ACS raw id.</param>
/// <param name="DialledNumber">The number as dialled.</param>
/// <param name="Country">ISO country from the browser's location.</param>
/// <param name="Call">The call's ACS ids.</param>
/// <param name="PlacedAt">When the call was placed.</param>
/// <param name="Location">Free-text location from the browser, when given.</param>
public sealed record OutboundCallPlaced(string AgentId, string AgentIdentity, string DialledNumber, string Country, CallKey Call, DateTimeOffset PlacedAt, string? Location);

/// <summary>
/// A call-end signal: the dialer's "outbound call ended" (which repeats the call's details, so a
/// lifecycle can still start when the end arrives first) or ACS <c>CallEnded</c> (ids only).
/// </summary>
/// <param name="Call">The call's ACS ids.</param>
/// <param name="EndedAt">When the call ended.</param>
/// <param name="Source">Dialer or ACS.</param>
/// <param name="Details">The call's details, from the dialer's event only.</param>
public sealed record CallEndSignal(CallKey Call, DateTimeOffset EndedAt, CallEndSource Source, OutboundCallPlaced? Details);

/// <summary>What to do with an "outbound call placed" or an end that arrived before it.</summary>
/// <param name="Classification">The number plan's verdict.</param>
/// <param name="Input">The lifecycle to start, when the call is an emergency or test call.</param>
public sealed record StartDecision(CallClassification Classification, LifecycleInput? Input)
{
    /// <summary>True when a lifecycle should start (unless one already exists for the call).</summary>
    public bool StartsLifecycle => Input is not null;
}

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
