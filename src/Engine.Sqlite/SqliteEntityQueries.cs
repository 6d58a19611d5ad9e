using DurableTask.Core;
using System.Runtime.CompilerServices;
using DurableTask.Core.Entities;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>
/// Entity reads over the instance rows the entity dispatcher writes: the entity's state is inside its
/// execution's input, its lock and backlog in the custom status (Azure Storage reads them the same way).
/// Reads go to the file through a read connection: they never wait behind the entity's work items.
/// </summary>
internal sealed class SqliteEntityQueries(SqliteOrchestrationService service) : EntityBackendQueries
{
    /// <inheritdoc />
    public override Task<EntityMetadata?> GetEntityAsync(EntityId id, bool includeState = false, bool includeStateless = false, CancellationToken cancellation = default)
    {
        var state = service.ReadEntityState(id.ToString());
        return Task.FromResult(state is null ? null : ToMetadata(state, includeStateless, includeState));
    }

    /// <inheritdoc />
    public override Task<EntityQueryResult> QueryEntitiesAsync(EntityQuery query, CancellationToken cancellation)
    {
        var prefix = string.IsNullOrEmpty(query.InstanceIdStartsWith) ? "@" : query.InstanceIdStartsWith;
        if (prefix[0] != '@')
        {
            prefix = "@" + prefix;
        }

        var pageSize = query.PageSize is > 0 ? query.PageSize.Value : 100;
        var states = service.ReadStates(new InstanceFilter
        {
            Entities = true,
            InstanceIdPrefix = prefix,
            CreatedFrom = query.LastModifiedFrom,
            CreatedTo = query.LastModifiedTo,
            After = string.IsNullOrEmpty(query.ContinuationToken) ? null : query.ContinuationToken,
            Limit = pageSize + 1,
        });
        var more = states.Count > pageSize;
        var page = more ? states.GetRange(0, pageSize) : states;
        var results = new List<EntityMetadata>(page.Count);
        foreach (var state in page)
        {
            if (query.IncludeState)
            {
                service.WithEntityInput(state);
            }

            if (ToMetadata(state, query.IncludeTransient, query.IncludeState) is { } metadata)
            {
                results.Add(metadata);
            }
        }

        return Task.FromResult(new EntityQueryResult
        {
            Results = results,
            ContinuationToken = more ? page[^1].OrchestrationInstance.InstanceId : null,
        });
    }

    /// <summary>
    /// Removes entities that hold no state, no lock and no backlog and were last changed longer ago than
    /// the reorder window; releases locks held by orchestrations that are no longer running.
    /// </summary>
    public override async Task<CleanEntityStorageResult> CleanEntityStorageAsync(CleanEntityStorageRequest request = default, CancellationToken cancellation = default)
    {
        var window = service.EntityBackendProperties.EntityMessageReorderWindow;
        var now = service.Clock.GetUtcNow().UtcDateTime;
        var empty = new List<string>();
        var released = 0;
        foreach (var state in service.ReadStates(new InstanceFilter { Entities = true }))
        {
            if (ClientEntityHelpers.GetEntityStatus(state.Status) is not { } status)
            {
                continue;
            }

            if (request.ReleaseOrphanedLocks && status.LockedBy is { } owner
                && service.ReadState(owner) is not { OrchestrationStatus: OrchestrationStatus.Running or OrchestrationStatus.Suspended })
            {
                var unlock = ClientEntityHelpers.EmitUnlockForOrphanedLock(state.OrchestrationInstance, owner);
                await service.SendTaskOrchestrationMessageAsync(unlock.AsTaskMessage());
                released++;
            }

            if (request.RemoveEmptyEntities && !status.EntityExists && status.LockedBy is null && status.BacklogQueueSize == 0
                && now - state.LastUpdatedTime > window)
            {
                empty.Add(state.OrchestrationInstance.InstanceId);
            }
        }

        var removed = await service.PurgeAsync(empty);
        return new CleanEntityStorageResult { EmptyEntitiesRemoved = removed, OrphanedLocksReleased = released };
    }

    // The entity's own state inside its scheduler state, extracted once per batch's state object.
    private static readonly ConditionalWeakTable<OrchestrationState, StrongBox<string?>> EntityStates = [];

    private static EntityMetadata? ToMetadata(OrchestrationState state, bool includeTransient, bool includeState)
    {
        var status = ClientEntityHelpers.GetEntityStatus(state.Status);
        string? serializedState = null;
        if (includeState)
        {
            serializedState = EntityStates.GetValue(state, s => new StrongBox<string?>(ClientEntityHelpers.GetEntityState(s.Input))).Value;
            if (!includeTransient && serializedState is null)
            {
                return null;
            }
        }
        else if (!includeTransient && status is { EntityExists: false })
        {
            return null;
        }

        return new EntityMetadata
        {
            EntityId = EntityId.FromString(state.OrchestrationInstance.InstanceId),
            LastModifiedTime = state.CreatedTime,
            BacklogQueueSize = status?.BacklogQueueSize ?? 0,
            LockedBy = status?.LockedBy,
            SerializedState = serializedState,
        };
    }
}
