using EmergencyFlow.Domain.Lifecycle;
using Microsoft.DurableTask;

namespace EmergencyFlow.Application.Lifecycle;

/// <summary>
/// The emergency lifecycle as a Durable Task orchestrator: the domain workflow on the
/// <see cref="TaskOrchestrationContext"/> port. The same class runs in the Functions app and on the local
/// engine; both find it under <see cref="EmergencyLifecycle.Name"/> in <see cref="LifecycleDurableTasks"/>.
/// </summary>
public sealed class EmergencyLifecycleOrchestrator : TaskOrchestrator<LifecycleInput, LifecycleOutcome>
{
    /// <inheritdoc />
    public override async Task<LifecycleOutcome> RunAsync(TaskOrchestrationContext context, LifecycleInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return await EmergencyLifecycle.RunAsync(new DurableLifecyclePort(context), input);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // A failed lifecycle leaves an agent in DND or a number leased: a person must know, then it fails as it would.
            await context.CallActivityAsync<StepDone>(Steps.AlertOperators.Name, EmergencyLifecycle.FailureAlert(context.InstanceId, failure));
            throw;
        }
    }
}
