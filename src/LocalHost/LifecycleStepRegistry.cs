using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Durable;
using EmergencyFlow.Application.Lifecycle;

namespace EmergencyFlow.LocalHost;

/// <summary>Wires the shared step handlers into the embedded runtime, by the domain's step names.</summary>
public static class LifecycleStepRegistry
{
    /// <summary>A registry running every lifecycle step with <paramref name="steps"/>.</summary>
    public static StepRegistry Create(LifecycleSteps steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return new StepRegistry()
            .Register(Steps.IdentifyAgent, steps.IdentifyAgentAsync)
            .Register(Steps.SetDoNotDisturb, steps.SetDoNotDisturbAsync)
            .Register(Steps.RestorePresence, steps.RestorePresenceAsync)
            .Register(Steps.SendNotification, steps.SendNotificationAsync)
            .Register(Steps.AlertOperators, steps.AlertOperatorsAsync);
    }
}
