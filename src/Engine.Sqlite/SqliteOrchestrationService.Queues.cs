using DurableTask.Core;
using DurableTask.Core.History;
using EmergencyFlow.Sqlite;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>The in-memory queues: loaded from the file at start, changed only after a commit.</summary>
public sealed partial class SqliteOrchestrationService
{
    private void Load()
    {
        var messages = database.Query(
            "SELECT id, instance_id, visible_at, message FROM messages ORDER BY id",
            reader => new StoredMessage(reader.GetInt64(0), reader.GetString(1), DurableJson.ReadMessage(reader.GetString(3)), reader.GetInt64(2)));
        var activities = database.Query(
            "SELECT id, instance_id, message FROM activities ORDER BY id",
            reader => new StoredMessage(reader.GetInt64(0), reader.GetString(1), DurableJson.ReadMessage(reader.GetString(2)), 0));

        lock (gate)
        {
            foreach (var message in messages)
            {
                Publish(message);
            }

            foreach (var activity in activities)
            {
                readyActivities.Add(activity);
            }

            nextMessageId = Math.Max(
                messages.Count == 0 ? 0 : messages[^1].Id,
                activities.Count == 0 ? 0 : activities[^1].Id);
        }

        LogLoaded(database.Path, messages.Count, activities.Count);
    }

    /// <summary>Call under the lock: a committed message joins its instance's queue.</summary>
    private void Publish(StoredMessage message)
    {
        var instance = InstanceFor(message.InstanceId);
        instance.Insert(message);
        if (message.VisibleAt > Now)
        {
            delayed.Enqueue(instance, message.VisibleAt);
            ArmDelayTimer(message.VisibleAt);
        }
        else
        {
            MakeReady(instance);
        }
    }

    private InstanceQueue InstanceFor(string instanceId)
    {
        if (!instances.TryGetValue(instanceId, out var instance))
        {
            instance = new InstanceQueue(instanceId);
            instances.Add(instanceId, instance);
        }

        return instance;
    }

    /// <summary>Call under the lock: queues the instance for a work item if it is free and has a visible message.</summary>
    private void MakeReady(InstanceQueue instance)
    {
        if (instance.Queued || instance.Lock is not null || !instance.HasVisible(Now))
        {
            return;
        }

        instance.Queued = true;
        (instance.IsEntity ? readyEntities : readyOrchestrations).Add(instance);
    }

    /// <summary>Call under the lock: forgets an instance with nothing pending and no lock.</summary>
    private void ForgetIfEmpty(InstanceQueue instance)
    {
        if (instance.Pending.Count == 0 && instance.Lock is null && !instance.Queued)
        {
            instances.Remove(instance.InstanceId);
        }
    }

    private void ArmDelayTimer(long due)
    {
        if (due >= timerDue)
        {
            return;
        }

        timerDue = due;
        // At least a millisecond: a clock that reports a due time a tick early would otherwise spin.
        var wait = TimeSpan.FromTicks(Math.Max(due - Now, TimeSpan.TicksPerMillisecond));
        delayTimer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    private void OnDelayTimer()
    {
        lock (gate)
        {
            timerDue = long.MaxValue;
            var now = Now;
            while (delayed.TryPeek(out var instance, out var due))
            {
                if (due > now)
                {
                    ArmDelayTimer(due);
                    break;
                }

                delayed.Dequeue();
                MakeReady(instance);
            }
        }
    }

    /// <summary>
    /// The committed history of an instance's current execution: from memory, or read from the file
    /// (and then kept, unless the instance has finished).
    /// </summary>
    private CachedHistory ReadHistory(string instanceId)
    {
        lock (gate)
        {
            if (histories.TryGet(instanceId, out var cached))
            {
                return cached;
            }
        }

        var events = database.Query(Schema.ReadHistory, reader => DurableJson.ReadEvent(reader.GetString(0)), ("$instance", instanceId));
        var row = database.Query(
            Schema.ReadInstance,
            reader => (
                Status: (OrchestrationStatus)reader.GetInt32(1),
                Custom: SqliteDatabase.Text(reader, 2),
                Created: new InstanceCreated(reader.GetString(0), new DateTime(reader.GetInt64(3), DateTimeKind.Utc))),
            ("$instance", instanceId));
        var started = events.OfType<ExecutionStartedEvent>().FirstOrDefault();
        var history = new CachedHistory(
            instanceId, started?.OrchestrationInstance?.ExecutionId, events, row.Count == 0 ? null : row[0].Custom, row.Count == 0 ? null : row[0].Created);
        if (started is not null && row.Count > 0 && !IsFinished(row[0].Status))
        {
            lock (gate)
            {
                histories.Set(history);
            }
        }

        return history;
    }

    private static bool IsFinished(OrchestrationStatus status) => InstanceRow.IsFinished(status);
}
