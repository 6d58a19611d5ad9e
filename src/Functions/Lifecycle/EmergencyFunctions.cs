using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Hosting.Steps;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EmergencyFlow.Functions.Lifecycle;

/// <summary>The orchestrator and the activities: each forwards to code that is built and tested everywhere.</summary>
public sealed class EmergencyFunctions(LifecycleSteps steps, IOrchestrationPool pool)
{
    /// <summary>The emergency lifecycle: the domain workflow on the Durable Functions port.</summary>
    [Function(EmergencyLifecycle.Name)]
    public async Task<LifecycleOutcome> RunLifecycle([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<LifecycleInput>() ?? throw new InvalidOperationException("The lifecycle needs its input.");
        try
        {
            return await EmergencyLifecycle.RunAsync(new DurableLifecyclePort(context, pool), input);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // A failed lifecycle leaves an agent in DND or a number leased: a person must know, then it fails as it would.
            await context.CallActivityAsync<StepDone>(nameof(Steps.AlertOperators), EmergencyLifecycle.FailureAlert(context.InstanceId, failure));
            throw;
        }
    }

    /// <summary>Sets Do Not Disturb; returns the presence to restore.</summary>
    [Function(nameof(Steps.SetDoNotDisturb))]
    public Task<PresenceSnapshot> SetDoNotDisturb([ActivityTrigger] SetDoNotDisturbInput input, FunctionContext context) =>
        steps.SetDoNotDisturbAsync(input, context.CancellationToken);

    /// <summary>Restores the previous presence unless the agent changed it.</summary>
    [Function(nameof(Steps.RestorePresence))]
    public Task<PresenceRestoreResult> RestorePresence([ActivityTrigger] RestorePresenceInput input, FunctionContext context) =>
        steps.RestorePresenceAsync(input, context.CancellationToken);

    /// <summary>Emails the emergency contacts once.</summary>
    [Function(nameof(Steps.SendNotification))]
    public Task<NotificationOutcome> SendNotification([ActivityTrigger] NotificationRequest input, FunctionContext context) =>
        steps.SendNotificationAsync(input, context.CancellationToken);

    /// <summary>Alerts operators.</summary>
    [Function(nameof(Steps.AlertOperators))]
    public Task<StepDone> AlertOperators([ActivityTrigger] OperatorAlert input, FunctionContext context) =>
        steps.AlertOperatorsAsync(input, context.CancellationToken);
}
