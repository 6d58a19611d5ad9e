using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Functions.Lifecycle;
using Microsoft.DurableTask.Client;

namespace EmergencyFlow.Functions.Callbacks;

/// <summary>Reads the callback pool's state outside an orchestration (routing, ops).</summary>
public interface IPoolReader
{
    /// <summary>The pool as it stands (empty before the entity first runs).</summary>
    Task<CallbackPoolState> ReadAsync(DurableTaskClient client, CancellationToken cancellationToken);
}

/// <summary>Reads the pool entity's state directly: a routing decision never queues behind the entity's operations.</summary>
public sealed class EntityPoolReader : IPoolReader
{
    /// <inheritdoc />
    public async Task<CallbackPoolState> ReadAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var entity = await client.Entities.GetEntityAsync<PoolEntityState>(DurableLifecyclePort.PoolEntity, includeState: true, cancellationToken);
        return entity?.State?.Pool ?? CallbackPoolState.Empty;
    }
}
