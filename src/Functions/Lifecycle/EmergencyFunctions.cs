using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Presence;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EmergencyFlow.Functions.Lifecycle;

/// <summary>
/// The durable functions: each is a one-line forward to the class the local engine runs under the same name
/// (<see cref="LifecycleDurableTasks"/>): the orchestrator, the step activities and the pool entity.
/// </summary>
public sealed class EmergencyFunctions(LifecycleSteps steps)
{
    /// <summary>The emergency lifecycle.</summary>
    [Function(EmergencyLifecycle.Name)]
    public Task<LifecycleOutcome> RunLifecycle([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new EmergencyLifecycleOrchestrator().RunAsync(context, context?.GetInput<LifecycleInput>()!);

    /// <summary>Looks the agent up in the directory.</summary>
    [Function(nameof(Steps.IdentifyAgent))]
    public Task<AgentIdentityCheck> IdentifyAgent([ActivityTrigger] IdentifyAgentInput input, FunctionContext context) =>
        steps.IdentifyAgentAsync(input, context?.CancellationToken ?? default);

    /// <summary>Sets Do Not Disturb; returns the presence to restore.</summary>
    [Function(nameof(Steps.SetDoNotDisturb))]
    public Task<PresenceSnapshot> SetDoNotDisturb([ActivityTrigger] SetDoNotDisturbInput input, FunctionContext context) =>
        steps.SetDoNotDisturbAsync(input, context?.CancellationToken ?? default);

    /// <summary>Restores the previous presence unless the agent changed it.</summary>
    [Function(nameof(Steps.RestorePresence))]
    public Task<PresenceRestoreResult> RestorePresence([ActivityTrigger] RestorePresenceInput input, FunctionContext context) =>
        steps.RestorePresenceAsync(input, context?.CancellationToken ?? default);

    /// <summary>Emails the emergency contacts once.</summary>
    [Function(nameof(Steps.SendNotification))]
    public Task<NotificationOutcome> SendNotification([ActivityTrigger] NotificationRequest input, FunctionContext context) =>
        steps.SendNotificationAsync(input, context?.CancellationToken ?? default);

    /// <summary>Alerts operators.</summary>
    [Function(nameof(Steps.AlertOperators))]
    public Task<StepDone> AlertOperators([ActivityTrigger] OperatorAlert input, FunctionContext context) =>
        steps.AlertOperatorsAsync(input, context?.CancellationToken ?? default);

    /// <summary>The callback pool entity (Durable Functions lower-cases its name).</summary>
    [Function(Application.Callbacks.PoolEntityOperations.EntityName)]
    public static Task CallbackPool([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        dispatcher?.DispatchAsync<Application.Callbacks.CallbackPoolEntity>() ?? throw new ArgumentNullException(nameof(dispatcher));
}
