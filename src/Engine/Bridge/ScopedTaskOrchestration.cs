using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;

namespace EmergencyFlow.Engine.Bridge;

/// <summary>
/// The object the orchestration dispatcher gets for a work item. The dispatcher asks for it before the
/// middleware runs, so the durabletask-dotnet orchestrator is only created when the middleware binds it
/// to the work item's service scope (see <see cref="DurableEngine"/>).
/// </summary>
internal sealed class ScopedTaskOrchestration(
    TaskName name, Func<IServiceProvider, ITaskOrchestrator> create, DurableTaskShimFactory shims) : TaskOrchestration
{
    private TaskOrchestration? inner;

    private TaskOrchestration Inner =>
        inner ?? throw new InvalidOperationException($"Orchestrator '{name}' ran outside the engine's dispatch middleware.");

    /// <summary>Creates the orchestrator from <paramref name="services"/> the first time; later calls keep it.</summary>
    public void Bind(IServiceProvider services) => inner ??= shims.CreateOrchestration(name, create(services));

    public override Task<string> Execute(OrchestrationContext context, string input) => Inner.Execute(context, input);

    public override void RaiseEvent(OrchestrationContext context, string name, string input) => Inner.RaiseEvent(context, name, input);

    public override string GetStatus() => Inner.GetStatus();
}
