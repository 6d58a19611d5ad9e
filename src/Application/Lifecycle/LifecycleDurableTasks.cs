using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyFlow.Application.Lifecycle;

/// <summary>
/// The one table of durable names and the code that runs under them: the lifecycle orchestrator, its step
/// activities and the callback-pool entity. The local engine runs exactly this registry; the Functions app's
/// <c>[Function]</c> methods are one-line forwards to the same classes under the same names (its tests check
/// that the two lists are equal).
/// </summary>
public static class LifecycleDurableTasks
{
    /// <summary>Adds every orchestrator, activity and entity of the product to <paramref name="registry"/>.</summary>
    public static DurableTaskRegistry Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator(EmergencyLifecycle.Name, () => new EmergencyLifecycleOrchestrator());
        AddStep(registry, Steps.IdentifyAgent, (steps, input, ct) => steps.IdentifyAgentAsync(input, ct));
        AddStep(registry, Steps.SetDoNotDisturb, (steps, input, ct) => steps.SetDoNotDisturbAsync(input, ct));
        AddStep(registry, Steps.RestorePresence, (steps, input, ct) => steps.RestorePresenceAsync(input, ct));
        AddStep(registry, Steps.SendNotification, (steps, input, ct) => steps.SendNotificationAsync(input, ct));
        AddStep(registry, Steps.AlertOperators, (steps, input, ct) => steps.AlertOperatorsAsync(input, ct));
        registry.AddEntity(PoolEntityOperations.EntityName, services => ActivatorUtilities.CreateInstance<CallbackPoolEntity>(services));
        return registry;
    }

    /// <summary>The names a host must serve: the orchestrator, the activities and the entity.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        EmergencyLifecycle.Name,
        Steps.IdentifyAgent.Name,
        Steps.SetDoNotDisturb.Name,
        Steps.RestorePresence.Name,
        Steps.SendNotification.Name,
        Steps.AlertOperators.Name,
        PoolEntityOperations.EntityName,
    ];

    private static void AddStep<TInput, TResult>(
        DurableTaskRegistry registry, Step<TInput, TResult> step, Func<LifecycleSteps, TInput, CancellationToken, Task<TResult>> run)
        where TInput : IStepInput =>
        registry.AddActivity(step.Name, services => new StepActivity<TInput, TResult>(services.GetRequiredService<LifecycleSteps>(), run));

    /// <summary>An activity that runs one step of <see cref="LifecycleSteps"/>.</summary>
    private sealed class StepActivity<TInput, TResult>(LifecycleSteps steps, Func<LifecycleSteps, TInput, CancellationToken, Task<TResult>> run)
        : TaskActivity<TInput, TResult>
        where TInput : IStepInput
    {
        public override Task<TResult> RunAsync(TaskActivityContext context, TInput input) => run(steps, input, CancellationToken.None);
    }
}
