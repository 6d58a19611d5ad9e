using DurableTask.Core;
using DurableTask.Core.Entities.OperationFormat;
using Microsoft.DurableTask.Worker.Shims;
using CoreTaskEntity = DurableTask.Core.Entities.TaskEntity;

namespace EmergencyFlow.Engine.Bridge;

// The three object managers TaskHubWorker asks for a fresh task object per work item. Registrations
// come from the DurableTaskRegistry, so Add is refused. Versions are ignored: durabletask-dotnet's
// registry names tasks without versions. A name nobody registered does not throw here (the dispatcher
// would abandon and retry the work item forever); it yields a task that fails with a clear message.

internal sealed class OrchestrationObjectManager(TaskFactories factories, DurableTaskShimFactory shims)
    : INameVersionObjectManager<TaskOrchestration>
{
    public void Add(ObjectCreator<TaskOrchestration> creator) =>
        throw new NotSupportedException("Orchestrators are registered on the DurableTaskRegistry.");

    public TaskOrchestration GetObject(string name, string? version) =>
        factories.Orchestrators.TryGetValue(name, out var found)
            ? new ScopedTaskOrchestration(found.Name, found.Create, shims)
            : new MissingOrchestration(name);

    private sealed class MissingOrchestration(string name) : TaskOrchestration
    {
        // A faulted task fails the instance; an exception thrown here instead would make the dispatcher
        // abandon the work item and retry it forever.
        public override Task<string> Execute(OrchestrationContext context, string input) =>
            Task.FromException<string>(new TaskNotRegisteredException("orchestrator", name));

        public override void RaiseEvent(OrchestrationContext context, string name, string input)
        {
            // Nothing listens: the instance fails on its first execution.
        }

        public override string GetStatus() => string.Empty;
    }
}

internal sealed class ActivityObjectManager(TaskFactories factories, IServiceProvider services, DurableTaskShimFactory shims)
    : INameVersionObjectManager<TaskActivity>
{
    public void Add(ObjectCreator<TaskActivity> creator) =>
        throw new NotSupportedException("Activities are registered on the DurableTaskRegistry.");

    public TaskActivity GetObject(string name, string? version) =>
        factories.Activities.TryGetValue(name, out var found)
            ? new ScopedTaskActivity(found.Name, found.Create, services, shims)
            : new MissingActivity(name);

    private sealed class MissingActivity(string name) : TaskActivity
    {
        public override string Run(TaskContext context, string input) => throw new TaskNotRegisteredException("activity", name);

        public override Task<string> RunAsync(TaskContext context, string input) =>
            Task.FromException<string>(new TaskNotRegisteredException("activity", name));
    }
}

internal sealed class EntityObjectManager(TaskFactories factories, IServiceProvider services, DurableTaskShimFactory shims)
    : INameVersionObjectManager<CoreTaskEntity>
{
    public void Add(ObjectCreator<CoreTaskEntity> creator) =>
        throw new NotSupportedException("Entities are registered on the DurableTaskRegistry.");

    public CoreTaskEntity GetObject(string name, string? version) =>
        factories.Entities.TryGetValue(name, out var found)
            ? new ScopedTaskEntity(found.Name, found.Create, services, shims)
            : new MissingEntity(name);

    private sealed class MissingEntity(string name) : CoreTaskEntity
    {
        // Each operation fails (a caller awaiting it gets the failure); the entity's state is left as it was.
        public override Task<EntityBatchResult> ExecuteOperationBatchAsync(EntityBatchRequest request)
        {
            ArgumentNullException.ThrowIfNull(request);
            var failure = new FailureDetails(new TaskNotRegisteredException("entity", name));
            return Task.FromResult(new EntityBatchResult
            {
                EntityState = request.EntityState,
                Actions = [],
                Results = [.. (request.Operations ?? []).Select(_ => new OperationResult { FailureDetails = failure })],
            });
        }
    }
}
