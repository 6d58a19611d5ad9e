using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using EmergencyFlow.Sqlite;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>Orchestration and entity work items: lock, complete in one transaction, abandon, release.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <inheritdoc />
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        LockNextOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    /// <summary>The next orchestration (never entity) work item, or null when none comes within <paramref name="receiveTimeout"/>.</summary>
    public Task<TaskOrchestrationWorkItem> LockNextOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        LockNextAsync(readyOrchestrations, receiveTimeout, cancellationToken)!;

    /// <summary>The next entity work item, or null when none comes within <paramref name="receiveTimeout"/>.</summary>
    public Task<TaskOrchestrationWorkItem> LockNextEntityWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        LockNextAsync(readyEntities, receiveTimeout, cancellationToken)!;

    /// <summary>In-memory locks never expire while this process lives: nothing to renew.</summary>
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => Task.CompletedTask;

    /// <summary>
    /// Commits the work item in one transaction: the new history events (the whole history when a new
    /// execution started), the instance row, the deletion of the messages it consumed, and every message
    /// it sends (activities, other instances and entities, durable timers, its continuation).
    /// </summary>
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var batch = HeldBatch(workItem) ?? throw new InvalidOperationException($"The work item for '{workItem.InstanceId}' does not hold its instance.");
        var instanceId = workItem.InstanceId;
        var runtime = newOrchestrationRuntimeState ?? workItem.OrchestrationRuntimeState;
        var executionId = runtime?.OrchestrationInstance?.ExecutionId;

        // History: append what this work item added, or write the whole history of a new execution.
        var replace = runtime?.ExecutionStartedEvent is not null && executionId != batch.ExecutionId;
        var firstNew = replace ? 0 : batch.HistoryCount;
        var events = runtime?.ExecutionStartedEvent is null ? [] : runtime.Events;
        var newEvents = new string[Math.Max(0, events.Count - firstNew)];
        for (var i = 0; i < newEvents.Length; i++)
        {
            newEvents[i] = DurableJson.Write(events[firstNew + i]);
        }

        var sends = new List<StoredMessage>();
        foreach (var message in orchestratorMessages ?? [])
        {
            var due = DurableTask.Core.Common.Entities.IsDelayedEntityMessage(message, out var at) ? at.Ticks : 0;
            sends.Add(new StoredMessage(NextId(), message.OrchestrationInstance.InstanceId, message, due));
        }

        foreach (var message in timerMessages ?? [])
        {
            var fireAt = message.Event is TimerFiredEvent fired ? fired.FireAt.ToUniversalTime().Ticks : 0;
            sends.Add(new StoredMessage(NextId(), message.OrchestrationInstance.InstanceId, message, fireAt));
        }

        if (continuedAsNewMessage is not null)
        {
            sends.Add(new StoredMessage(NextId(), instanceId, continuedAsNewMessage, 0));
        }

        var activities = (outboundMessages ?? []).Select(message => new StoredMessage(NextId(), instanceId, message, 0)).ToList();
        // The created time the provider stamped on this execution's row stays (a client's create, on its clock);
        // an execution without one (continue-as-new, a sub-orchestration, an entity batch) is created now.
        var created = batch.Created is { } known && known.ExecutionId == executionId ? known.Time : (DateTime?)null;
        var row = orchestrationState is null ? null : InstanceRow.From(orchestrationState, NowUtc, IsEntity(instanceId), created);
        var sendJson = sends.Select(message => DurableJson.Write(message.Message)).ToArray();
        var activityJson = activities.Select(message => DurableJson.Write(message.Message)).ToArray();
        var consumed = batch.Messages.Select(message => message.Id).ToArray();
        var startedExecution = batch.Messages.Select(message => message.Message.Event).OfType<ExecutionStartedEvent>().FirstOrDefault()?.OrchestrationInstance?.ExecutionId;
        var replaced = false;

        await WriteAsync(
            (connection, transaction) =>
            {
                foreach (var id in consumed)
                {
                    SqliteDatabase.Execute(connection, transaction, Schema.DeleteMessage, ("$id", id));
                }

                // A create replaced the instance while this work item ran (a start not refused by its
                // dedupe statuses): the row names an execution this work item neither read, nor was given
                // the start of, nor continued as. Its results belong to an execution that no longer exists.
                var current = SqliteDatabase.Query(connection, transaction, Schema.ReadExecution, reader => reader.GetString(0), ("$instance", instanceId));
                if (current.Count > 0 && current[0] != batch.ExecutionId && current[0] != startedExecution && current[0] != (executionId ?? string.Empty))
                {
                    replaced = true;
                    return 0;
                }

                if (replace)
                {
                    SqliteDatabase.Execute(connection, transaction, Schema.DeleteHistory, ("$instance", instanceId));
                }

                for (var i = 0; i < newEvents.Length; i++)
                {
                    SqliteDatabase.Execute(connection, transaction, Schema.InsertEvent, ("$instance", instanceId), ("$seq", firstNew + i), ("$event", newEvents[i]));
                }

                row?.Write(connection, transaction);
                for (var i = 0; i < sends.Count; i++)
                {
                    SqliteDatabase.Execute(connection, transaction, Schema.InsertMessage,
                        ("$id", sends[i].Id), ("$instance", sends[i].InstanceId), ("$visible", sends[i].VisibleAt), ("$message", sendJson[i]));
                }

                for (var i = 0; i < activities.Count; i++)
                {
                    SqliteDatabase.Execute(connection, transaction, Schema.InsertActivity,
                        ("$id", activities[i].Id), ("$instance", instanceId), ("$message", activityJson[i]));
                }

                return 0;
            },
            committed: () =>
            {
                batch.Completed = true;
                if (replaced)
                {
                    LogReplacedMeanwhile(instanceId);
                    return;
                }

                if (row is { IsEntity: true })
                {
                    entityStates[instanceId] = row.State;
                }

                if (row is not null && IsFinished(row.Status))
                {
                    histories.Remove(instanceId);
                    CompleteWaiters(instanceId, row.State);
                }
                else if (runtime?.ExecutionStartedEvent is not null)
                {
                    histories.Set(new CachedHistory(
                        instanceId, executionId, [.. events], runtime.Status, row is null ? batch.Created : new(executionId!, row.State.CreatedTime)));
                }

                foreach (var message in sends)
                {
                    Publish(message);
                }

                foreach (var activity in activities)
                {
                    readyActivities.Add(activity);
                }
            });
    }

    /// <summary>Puts the work item's messages back, visible again after a short back-off, and frees the instance.</summary>
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (gate)
        {
            if (HeldBatchUnderLock(workItem) is { Completed: false } batch)
            {
                var visibleAt = Now + AbandonBackOff.Ticks;
                Unlock(instances[workItem.InstanceId], batch, visibleAt);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Frees the instance; messages of a work item that was neither completed nor abandoned are visible again at once.</summary>
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (gate)
        {
            if (HeldBatchUnderLock(workItem) is { } batch)
            {
                Unlock(instances[workItem.InstanceId], batch, visibleAt: 0);
            }
        }

        return Task.CompletedTask;
    }

    private async Task<TaskOrchestrationWorkItem?> LockNextAsync(SignalQueue<InstanceQueue> ready, TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref disposed) == 1)
        {
            return null!;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var left = receiveTimeout - Stopwatch.GetElapsedTime(started);
            try
            {
                if (left <= TimeSpan.Zero || !await ready.WaitAsync(left, linked.Token))
                {
                    return null;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // Stopping, or disposed under a worker that is still winding down: no more work from here.
                return null;
            }

            InstanceQueue? instance;
            List<StoredMessage> taken;
            int generation;
            lock (gate)
            {
                if (!ready.TryTake(out instance))
                {
                    continue;
                }

                instance.Queued = false;
                taken = instance.Lock is null ? TakeVisible(instance) : [];
                if (taken.Count == 0)
                {
                    ForgetIfEmpty(instance);
                    SignalIfIdle();
                    continue;
                }

                instance.Lock = LockedBatch.Placeholder;
                lockedInstances++;
                generation = instance.Generation;
            }

            var workItem = await BuildWorkItemAsync(instance, taken, generation);
            if (workItem is not null)
            {
                return workItem;
            }
        }
    }

    private List<StoredMessage> TakeVisible(InstanceQueue instance)
    {
        var now = Now;
        var taken = new List<StoredMessage>();
        for (var i = 0; i < instance.Pending.Count;)
        {
            if (instance.Pending[i].VisibleAt <= now)
            {
                taken.Add(instance.Pending[i]);
                instance.Pending.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }

        return taken;
    }

    /// <summary>
    /// Gives the locked instance's messages their history. Messages no execution can take (the instance
    /// does not exist and is not an entity, or has finished) are deleted and null is returned.
    /// </summary>
    private async Task<TaskOrchestrationWorkItem?> BuildWorkItemAsync(InstanceQueue instance, List<StoredMessage> taken, int generation)
    {
        CachedHistory history;
        try
        {
            history = ReadHistory(instance.InstanceId);
        }
        catch
        {
            lock (gate)
            {
                instance.Lock = null;
                lockedInstances--;
                taken.ForEach(instance.Insert);
                MakeReady(instance);
            }

            throw;
        }

        var newMessages = taken.Select(message => message.Message).ToList();
        var runtime = new OrchestrationRuntimeState(history.Events.ToList()) { Status = history.CustomStatus };
        var executionId = history.ExecutionId;
        var historyCount = history.Events.Count;
        var startsExecution = newMessages.Any(message => message.Event is ExecutionStartedEvent);
        string? refusal = null;
        if (runtime.ExecutionStartedEvent is null && !startsExecution)
        {
            // Entities start with their first message, as on Azure Storage; anything else has no instance to go to.
            refusal = DurableTask.Core.Common.Entities.AutoStart(instance.InstanceId, newMessages) ? null : "no such instance";
        }
        else if (runtime.ExecutionStartedEvent is not null && IsFinished(runtime.OrchestrationStatus))
        {
            if (newMessages.FirstOrDefault(message => message.Event is ExecutionStartedEvent)?.Event is ExecutionStartedEvent start
                && start.OrchestrationInstance?.ExecutionId != executionId)
            {
                // A new execution with this id (a sub-orchestration started again): it starts from an empty history.
                runtime = new OrchestrationRuntimeState();
            }
            else
            {
                refusal = $"instance is {runtime.OrchestrationStatus}";
            }
        }

        var workItem = new TaskOrchestrationWorkItem
        {
            InstanceId = instance.InstanceId,
            NewMessages = newMessages,
            OrchestrationRuntimeState = runtime,
            LockedUntilUtc = DateTime.MaxValue,
        };
        var batch = new LockedBatch(workItem, taken, executionId, historyCount, history.Created, generation);
        lock (gate)
        {
            instance.Lock = batch;
        }

        if (refusal is null)
        {
            return workItem;
        }

        LogDiscarded(instance.InstanceId, taken.Count, refusal);
        var ids = taken.Select(message => message.Id).ToArray();
        try
        {
            await WriteAsync(
                (connection, transaction) =>
                {
                    foreach (var id in ids)
                    {
                        SqliteDatabase.Execute(connection, transaction, Schema.DeleteMessage, ("$id", id));
                    }

                    return 0;
                },
                committed: () => batch.Completed = true);
        }
        finally
        {
            await ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }

        return null;
    }

    private LockedBatch? HeldBatch(TaskOrchestrationWorkItem workItem)
    {
        lock (gate)
        {
            return HeldBatchUnderLock(workItem);
        }
    }

    private LockedBatch? HeldBatchUnderLock(TaskOrchestrationWorkItem workItem) =>
        instances.TryGetValue(workItem.InstanceId, out var instance) && instance.Lock is { } batch && ReferenceEquals(batch.WorkItem, workItem)
            ? batch
            : null;

    /// <summary>Call under the lock: frees the instance; an unfinished batch's messages go back (visible at <paramref name="visibleAt"/>).</summary>
    private void Unlock(InstanceQueue instance, LockedBatch batch, long visibleAt)
    {
        // A create that replaced the instance meanwhile deleted these messages from the file.
        if (!batch.Completed && batch.Generation == instance.Generation)
        {
            foreach (var message in batch.Messages)
            {
                var back = message with { VisibleAt = Math.Max(message.VisibleAt, visibleAt) };
                instance.Insert(back);
                if (back.VisibleAt > Now)
                {
                    delayed.Enqueue(instance, back.VisibleAt);
                    ArmDelayTimer(back.VisibleAt);
                }
            }

            // Abandon and release can follow each other: the messages go back once.
            batch.Completed = true;
        }

        instance.Lock = null;
        lockedInstances--;
        MakeReady(instance);
        ForgetIfEmpty(instance);
        SignalIfIdle();
    }

    private static bool IsEntity(string instanceId) => DurableTask.Core.Common.Entities.IsEntityInstance(instanceId);
}
