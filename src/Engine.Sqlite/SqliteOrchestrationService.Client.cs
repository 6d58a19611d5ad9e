using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using EmergencyFlow.Sqlite;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>The client side: starting, signalling, reading, waiting for, terminating, purging and querying instances.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, null!);

    /// <summary>
    /// Creates the instance (readable as Pending once this returns) and queues its start, atomically with
    /// the check of <paramref name="dedupeStatuses"/>: an instance with this id in one of those statuses
    /// makes it throw <see cref="OrchestrationAlreadyExistsException"/>. An instance in any other status
    /// (every status when <paramref name="dedupeStatuses"/> is null) is replaced by the new execution: its
    /// history and pending messages go, and a work item of the old execution still running has its results
    /// discarded. That is what Azure Storage does (it overwrites the instance row, and loads no history of
    /// another execution for the new start); refuse the live statuses to keep a running instance.
    /// </summary>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent started)
        {
            throw new ArgumentException("Only ExecutionStarted messages create an instance.", nameof(creationMessage));
        }

        var instanceId = creationMessage.OrchestrationInstance?.InstanceId;
        ArgumentException.ThrowIfNullOrEmpty(instanceId, nameof(creationMessage));
        var visibleAt = started.ScheduledStartTime is { } at ? at.ToUniversalTime().Ticks : 0;
        var start = new StoredMessage(NextId(), instanceId, creationMessage, visibleAt);
        var json = DurableJson.Write(creationMessage);
        var row = InstanceRow.Pending(creationMessage, NowUtc);
        var refused = dedupeStatuses ?? [];
        var replaced = false;

        await WriteAsync(
            (connection, transaction) =>
            {
                var existing = SqliteDatabase.Query(connection, transaction, Schema.ReadStatus, reader => (OrchestrationStatus)reader.GetInt32(0), ("$instance", instanceId));
                if (existing.Count > 0 && refused.Contains(existing[0]))
                {
                    throw new OrchestrationAlreadyExistsException(
                        $"An orchestration with instance id '{instanceId}' already exists with status {existing[0]}.");
                }

                replaced = existing.Count > 0;
                if (replaced)
                {
                    SqliteDatabase.Execute(connection, transaction, Schema.DeleteHistory, ("$instance", instanceId));
                    SqliteDatabase.Execute(connection, transaction, Schema.DeleteMessagesOf, ("$instance", instanceId));
                }

                row.Write(connection, transaction);

                SqliteDatabase.Execute(connection, transaction, Schema.InsertMessage,
                    ("$id", start.Id), ("$instance", instanceId), ("$visible", visibleAt), ("$message", json));
                return 0;
            },
            committed: () =>
            {
                if (replaced)
                {
                    histories.Remove(instanceId);
                    if (instances.TryGetValue(instanceId, out var instance))
                    {
                        instance.Pending.Clear();
                        instance.Generation++;
                    }
                }

                Publish(start);
            });
    }

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync(message);

    /// <summary>Stores the messages (flushed) in one transaction before returning; delayed entity signals wait for their time.</summary>
    public async Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var stored = new StoredMessage[messages.Length];
        var json = new string[messages.Length];
        for (var i = 0; i < messages.Length; i++)
        {
            var message = messages[i];
            var instanceId = message.OrchestrationInstance?.InstanceId;
            ArgumentException.ThrowIfNullOrEmpty(instanceId, nameof(messages));
            var due = DurableTask.Core.Common.Entities.IsDelayedEntityMessage(message, out var at) ? at.Ticks : 0;
            stored[i] = new StoredMessage(NextId(), instanceId, message, due);
            json[i] = DurableJson.Write(message);
        }

        await WriteAsync(
            (connection, transaction) =>
            {
                for (var i = 0; i < stored.Length; i++)
                {
                    SqliteDatabase.Execute(connection, transaction, Schema.InsertMessage,
                        ("$id", stored[i].Id), ("$instance", stored[i].InstanceId), ("$visible", stored[i].VisibleAt), ("$message", json[i]));
                }

                return 0;
            },
            committed: () =>
            {
                foreach (var message in stored)
                {
                    Publish(message);
                }
            });
    }

    /// <summary>
    /// The instance's state once it has finished (completed, failed, terminated), or null when
    /// <paramref name="timeout"/> passes first. Waits on the completion's commit, not on polling.
    /// </summary>
    public async Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var waiter = new TaskCompletionSource<OrchestrationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (!completionWaiters.TryGetValue(instanceId, out var waiters))
            {
                completionWaiters[instanceId] = waiters = [];
            }

            waiters.Add(waiter);
        }

        try
        {
            var current = ReadState(instanceId);
            if (current is not null && IsFinished(current.OrchestrationStatus)
                && (string.IsNullOrEmpty(executionId) || current.OrchestrationInstance.ExecutionId == executionId))
            {
                return current;
            }

            return await waiter.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null!;
        }
        finally
        {
            lock (gate)
            {
                if (completionWaiters.TryGetValue(instanceId, out var waiters) && waiters.Remove(waiter) && waiters.Count == 0)
                {
                    completionWaiters.Remove(instanceId);
                }
            }
        }
    }

    /// <summary>Sends the instance a termination; it ends as Terminated when its next work item runs.</summary>
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionTerminatedEvent(-1, reason),
        });
    }

    /// <summary>The instance's latest execution (this provider keeps one per instance), or an empty list.</summary>
    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        IList<OrchestrationState> states = ReadState(instanceId) is { } state ? [state] : [];
        return Task.FromResult(states);
    }

    /// <summary>The instance's state if it exists and, when <paramref name="executionId"/> is given, is that execution.</summary>
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = ReadState(instanceId);
        return Task.FromResult(
            state is not null && (string.IsNullOrEmpty(executionId) || state.OrchestrationInstance.ExecutionId == executionId) ? state : null!);
    }

    /// <summary>
    /// The current execution's history as a JSON array (Newtonsoft.Json, <c>TypeNameHandling.Auto</c>: each
    /// event carries its <c>EventType</c> and its concrete type as <c>$type</c>, so every subtype reads back
    /// as itself); an empty array for an unknown instance or another execution.
    /// </summary>
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = ReadState(instanceId);
        if (state is null || (!string.IsNullOrEmpty(executionId) && state.OrchestrationInstance.ExecutionId != executionId))
        {
            return Task.FromResult("[]");
        }

        var events = database.Query(Schema.ReadHistory, reader => reader.GetString(0), ("$instance", instanceId));
        return Task.FromResult("[" + string.Join(',', events) + "]");
    }

    /// <summary>Purges finished instances whose created, last-updated or completed time is before the threshold.</summary>
    public async Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        var threshold = thresholdDateTimeUtc.ToUniversalTime();
        var finished = ReadStates(new InstanceFilter { Entities = false, Statuses = FinishedStatuses });
        var old = finished
            .Where(state => timeRangeFilterType switch
            {
                OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter => state.CreatedTime < threshold,
                OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => state.LastUpdatedTime < threshold,
                _ => state.CompletedTime < threshold,
            })
            .Select(state => state.OrchestrationInstance.InstanceId)
            .ToList();
        await PurgeAsync(old);
    }

    /// <summary>Removes a finished instance with its history and pending messages; a live instance is left alone (0 purged).</summary>
    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = ReadState(instanceId);
        if (state is null || !IsFinished(state.OrchestrationStatus))
        {
            return new PurgeResult(0, isComplete: true);
        }

        return new PurgeResult(await PurgeAsync([instanceId]), isComplete: true);
    }

    /// <summary>Removes the finished instances the filter selects (created in its range, in its statuses), with their histories and messages.</summary>
    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        var statuses = purgeInstanceFilter.RuntimeStatus?.Where(IsFinished).ToList() ?? [.. FinishedStatuses];
        var ids = ReadStates(new InstanceFilter
        {
            Entities = false,
            Statuses = statuses,
            CreatedFrom = purgeInstanceFilter.CreatedTimeFrom,
            CreatedTo = purgeInstanceFilter.CreatedTimeTo,
        }).Select(state => state.OrchestrationInstance.InstanceId).ToList();
        return new PurgeResult(await PurgeAsync(ids), isComplete: true);
    }

    /// <summary>
    /// A page of instances by status, creation time and instance id prefix, in instance id order; the
    /// continuation token is the last id of the page. Entities are left out when the query says so.
    /// </summary>
    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = query.PageSize > 0 ? query.PageSize : 100;
        var states = ReadStates(new InstanceFilter
        {
            Entities = query.ExcludeEntities ? false : null,
            Statuses = query.RuntimeStatus is { Count: > 0 } statuses ? [.. statuses] : null,
            CreatedFrom = query.CreatedTimeFrom,
            CreatedTo = query.CreatedTimeTo,
            InstanceIdPrefix = query.InstanceIdPrefix,
            After = string.IsNullOrEmpty(query.ContinuationToken) ? null : query.ContinuationToken,
            Limit = pageSize + 1,
        });
        var more = states.Count > pageSize;
        var page = more ? states.GetRange(0, pageSize) : states;
        if (query.FetchInputsAndOutputs)
        {
            page.ForEach(WithEntityInput);
        }
        else
        {
            foreach (var state in page)
            {
                state.Input = null;
                state.Output = null;
            }
        }

        return Task.FromResult(new OrchestrationQueryResult(page, more ? page[^1].OrchestrationInstance.InstanceId : null));
    }

    internal static IReadOnlyCollection<OrchestrationStatus> FinishedStatuses { get; } =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];

    internal OrchestrationState? ReadState(string instanceId)
    {
        var rows = database.Query("SELECT state FROM instances WHERE instance_id = $instance", reader => reader.GetString(0), ("$instance", instanceId));
        if (rows.Count == 0)
        {
            return null;
        }

        var state = DurableJson.ReadState(rows[0]);
        WithEntityInput(state);
        return state;
    }

    /// <summary>
    /// An entity's latest state, kept in memory from its last committed batch: routing reads the pool entity
    /// on every incoming call, and its state (the whole pool) is too large to read and parse each time. The
    /// object is shared: read it, never change it.
    /// </summary>
    internal OrchestrationState? ReadEntityState(string instanceId)
    {
        if (entityStates.TryGetValue(instanceId, out var cached))
        {
            return cached;
        }

        var stored = ReadState(instanceId);
        if (stored is null)
        {
            return null;
        }

        // A batch committed meanwhile has put the newer state there already: it stays.
        return entityStates.GetOrAdd(instanceId, stored);
    }

    /// <summary>Puts back an entity row's input (its state), which is stored once, in its history's start event.</summary>
    internal void WithEntityInput(OrchestrationState state)
    {
        if (state.Input is not null || !IsEntity(state.OrchestrationInstance.InstanceId))
        {
            return;
        }

        if (entityStates.TryGetValue(state.OrchestrationInstance.InstanceId, out var cached) && cached.OrchestrationInstance.ExecutionId == state.OrchestrationInstance.ExecutionId)
        {
            state.Input = cached.Input;
            return;
        }

        state.Input = database.Query(Schema.ReadHistory, reader => DurableJson.ReadEvent(reader.GetString(0)), ("$instance", state.OrchestrationInstance.InstanceId))
            .OfType<ExecutionStartedEvent>()
            .FirstOrDefault()?.Input;
    }

    internal List<OrchestrationState> ReadStates(InstanceFilter filter) =>
        database.Query(InstanceFilter.Sql, reader => DurableJson.ReadState(reader.GetString(1)), filter.Parameters());

    /// <summary>Deletes instances with their histories and messages, in one transaction; returns how many rows went.</summary>
    internal async Task<int> PurgeAsync(IReadOnlyList<string> instanceIds)
    {
        if (instanceIds.Count == 0)
        {
            return 0;
        }

        var purged = await WriteAsync(
            (connection, transaction) =>
            {
                var count = 0;
                foreach (var instanceId in instanceIds)
                {
                    count += SqliteDatabase.Execute(connection, transaction, Schema.DeleteInstance, ("$instance", instanceId));
                    SqliteDatabase.Execute(connection, transaction, Schema.DeleteHistory, ("$instance", instanceId));
                    SqliteDatabase.Execute(connection, transaction, Schema.DeleteMessagesOf, ("$instance", instanceId));
                }

                return count;
            },
            committed: () =>
            {
                foreach (var instanceId in instanceIds)
                {
                    histories.Remove(instanceId);
                    entityStates.TryRemove(instanceId, out _);
                    if (instances.TryGetValue(instanceId, out var instance) && instance.Lock is null)
                    {
                        instance.Pending.Clear();
                        ForgetIfEmpty(instance);
                    }
                }
            });
        return purged;
    }

    /// <summary>Call under the lock: the instance has finished; whoever waits for it hears now.</summary>
    private void CompleteWaiters(string instanceId, OrchestrationState state)
    {
        if (completionWaiters.Remove(instanceId, out var waiters))
        {
            foreach (var waiter in waiters)
            {
                waiter.TrySetResult(state);
            }
        }
    }
}
