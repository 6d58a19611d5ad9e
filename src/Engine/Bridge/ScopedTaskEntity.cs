using DurableTask.Core.Entities;
using DurableTask.Core.Entities.OperationFormat;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using CoreTaskEntity = DurableTask.Core.Entities.TaskEntity;
using ITaskEntity = Microsoft.DurableTask.Entities.ITaskEntity;

namespace EmergencyFlow.Engine.Bridge;

/// <summary>
/// One entity batch in its own service scope. The entity dispatcher asks the object manager for an
/// entity by name only, while the shim needs the full entity id: the id comes from the batch request.
/// </summary>
internal sealed class ScopedTaskEntity(
    TaskName name, Func<IServiceProvider, ITaskEntity> create, IServiceProvider services, DurableTaskShimFactory shims) : CoreTaskEntity
{
    public override async Task<EntityBatchResult> ExecuteOperationBatchAsync(EntityBatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = EntityId.FromString(request.InstanceId ?? throw new ArgumentException("The batch names no entity.", nameof(request)));
        await using var scope = services.CreateAsyncScope();
        var entity = shims.CreateEntity(name, create(scope.ServiceProvider), id);
        return await entity.ExecuteOperationBatchAsync(request);
    }
}
