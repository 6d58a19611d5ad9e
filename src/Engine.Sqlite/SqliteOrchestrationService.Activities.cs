using System.Diagnostics;
using System.Globalization;
using DurableTask.Core;
using EmergencyFlow.Sqlite;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>Activity work items: a queue of invocations, each held by one worker until its result is committed.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>The next activity invocation, or null when none comes within <paramref name="receiveTimeout"/>.</summary>
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
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
                if (left <= TimeSpan.Zero || !await readyActivities.WaitAsync(left, linked.Token))
                {
                    return null!;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // Stopping, or disposed under a worker that is still winding down: no more work from here.
                return null!;
            }

            lock (gate)
            {
                if (!readyActivities.TryTake(out var activity))
                {
                    continue;
                }

                lockedActivities.Add(activity.Id, activity);
                return new TaskActivityWorkItem
                {
                    Id = activity.Id.ToString(CultureInfo.InvariantCulture),
                    TaskMessage = activity.Message,
                    LockedUntilUtc = DateTime.MaxValue,
                };
            }
        }
    }

    /// <summary>In-memory locks never expire while this process lives: nothing to renew.</summary>
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => Task.FromResult(workItem);

    /// <summary>Deletes the invocation and sends its result to the orchestration, in one transaction.</summary>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(responseMessage);
        var id = long.Parse(workItem.Id, CultureInfo.InvariantCulture);
        var response = new StoredMessage(NextId(), responseMessage.OrchestrationInstance.InstanceId, responseMessage, 0);
        var json = DurableJson.Write(responseMessage);
        await WriteAsync(
            (connection, transaction) =>
            {
                SqliteDatabase.Execute(connection, transaction, Schema.DeleteActivity, ("$id", id));
                SqliteDatabase.Execute(connection, transaction, Schema.InsertMessage,
                    ("$id", response.Id), ("$instance", response.InstanceId), ("$visible", 0L), ("$message", json));
                return 0;
            },
            committed: () =>
            {
                lockedActivities.Remove(id);
                Publish(response);
            });
    }

    /// <summary>Puts the invocation back in the queue.</summary>
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var id = long.Parse(workItem.Id, CultureInfo.InvariantCulture);
        lock (gate)
        {
            if (lockedActivities.Remove(id, out var activity))
            {
                readyActivities.Add(activity);
            }
        }

        return Task.CompletedTask;
    }
}
