using DurableTask.Core;
using DurableTask.Core.Entities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using CoreEntityQueries = DurableTask.Core.Entities.EntityBackendQueries;

namespace EmergencyFlow.Engine.Client;

/// <summary>
/// Entities through the orchestration service: state read from its entity queries, signals sent as
/// entity messages (what the entity dispatcher reads), scheduled by the engine's clock.
/// </summary>
internal sealed class EngineDurableEntityClient(
    string name,
    IOrchestrationServiceClient client,
    IEntityOrchestrationService entityService,
    DataConverter converter,
    TimeProvider clock) : DurableEntityClient(name)
{
    private CoreEntityQueries Queries => entityService.EntityBackendQueries!;

    public override async Task SignalEntityAsync(
        EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id.Name, nameof(id));
        ArgumentNullException.ThrowIfNull(id.Key, nameof(id));
        ArgumentException.ThrowIfNullOrEmpty(operationName);

        var now = clock.GetUtcNow();
        var due = options?.SignalTime is { } signalTime
            ? EntityMessageEvent.GetCappedScheduledTime(now.UtcDateTime, entityService.EntityBackendProperties!.MaximumSignalDelayTime, signalTime.UtcDateTime)
            : null;
        var signal = ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = id.ToString() },
            Guid.NewGuid(),
            operationName,
            converter.Serialize(input),
            due,
            parentTraceContext: null,
            requestTime: now,
            createTrace: false);

        cancellation.ThrowIfCancellationRequested();
        await client.SendTaskOrchestrationMessageAsync(signal.AsTaskMessage());
    }

    public override async Task<EntityMetadata?> GetEntityAsync(
        EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default) =>
        await Queries.GetEntityAsync(id.ToCore(), includeState, includeStateless: false, cancellation) is { } found
            ? ToMetadata(found, includeState)
            : null;

    public override async Task<EntityMetadata<T>?> GetEntityAsync<T>(
        EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default) =>
        await Queries.GetEntityAsync(id.ToCore(), includeState, includeStateless: false, cancellation) is { } found
            ? ToMetadata<T>(found, includeState)
            : null;

    public override AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null) =>
        Query(filter, ToMetadata);

    public override AsyncPageable<EntityMetadata<T>> GetAllEntitiesAsync<T>(EntityQuery? filter = null) =>
        Query(filter, ToMetadata<T>);

    public override async Task<CleanEntityStorageResult> CleanEntityStorageAsync(
        CleanEntityStorageRequest? request = null, bool continueUntilComplete = true, CancellationToken cancellation = default)
    {
        var asked = request ?? CleanEntityStorageRequest.Default;
        var removed = 0;
        var released = 0;
        var continuation = asked.ContinuationToken;
        do
        {
            var result = await Queries.CleanEntityStorageAsync(
                new CoreEntityQueries.CleanEntityStorageRequest
                {
                    RemoveEmptyEntities = asked.RemoveEmptyEntities,
                    ReleaseOrphanedLocks = asked.ReleaseOrphanedLocks,
                    ContinuationToken = continuation,
                },
                cancellation);
            removed += result.EmptyEntitiesRemoved;
            released += result.OrphanedLocksReleased;
            continuation = result.ContinuationToken;
        }
        while (continueUntilComplete && continuation is not null);

        return new CleanEntityStorageResult
        {
            EmptyEntitiesRemoved = removed,
            OrphanedLocksReleased = released,
            ContinuationToken = continuation,
        };
    }

    private AsyncPageable<TMetadata> Query<TMetadata>(EntityQuery? filter, Func<CoreEntityQueries.EntityMetadata, bool, TMetadata> convert)
        where TMetadata : notnull
    {
        var includeState = filter?.IncludeState ?? true;
        return Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var result = await Queries.QueryEntitiesAsync(
                new CoreEntityQueries.EntityQuery
                {
                    InstanceIdStartsWith = filter?.InstanceIdStartsWith,
                    LastModifiedFrom = filter?.LastModifiedFrom?.UtcDateTime,
                    LastModifiedTo = filter?.LastModifiedTo?.UtcDateTime,
                    IncludeState = includeState,
                    IncludeTransient = filter?.IncludeTransient ?? false,
                    PageSize = pageSize ?? filter?.PageSize,
                    ContinuationToken = continuation ?? filter?.ContinuationToken,
                },
                cancellation);
            return new Page<TMetadata>([.. result.Results.Select(found => convert(found, includeState))], result.ContinuationToken);
        });
    }

    private EntityMetadata ToMetadata(CoreEntityQueries.EntityMetadata found, bool includeState) =>
        new(found.EntityId.ToEntityInstanceId(), includeState && found.SerializedState is { } state ? new SerializedData(state, converter) : null)
        {
            LastModifiedTime = CoreConversions.AsUtc(found.LastModifiedTime),
            BacklogQueueSize = found.BacklogQueueSize,
            LockedBy = found.LockedBy,
        };

    private EntityMetadata<T> ToMetadata<T>(CoreEntityQueries.EntityMetadata found, bool includeState)
    {
        var id = found.EntityId.ToEntityInstanceId();
        var lastModified = CoreConversions.AsUtc(found.LastModifiedTime);
        return includeState && found.SerializedState is { } state
            ? new EntityMetadata<T>(id, converter.Deserialize<T>(state))
            {
                LastModifiedTime = lastModified,
                BacklogQueueSize = found.BacklogQueueSize,
                LockedBy = found.LockedBy,
            }
            : new EntityMetadata<T>(id)
            {
                LastModifiedTime = lastModified,
                BacklogQueueSize = found.BacklogQueueSize,
                LockedBy = found.LockedBy,
            };
    }
}
