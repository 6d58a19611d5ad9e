using DurableTask.Core;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>One orchestration's or entity's pending messages and its lock (in memory; guarded by the provider's lock).</summary>
internal sealed class InstanceQueue(string instanceId)
{
    public string InstanceId { get; } = instanceId;

    public bool IsEntity { get; } = DurableTask.Core.Common.Entities.IsEntityInstance(instanceId);

    /// <summary>Messages not in a work item, in send order.</summary>
    public List<StoredMessage> Pending { get; } = [];

    /// <summary>Waiting in the ready queue.</summary>
    public bool Queued { get; set; }

    /// <summary>The work item that holds the instance, if any.</summary>
    public LockedBatch? Lock { get; set; }

    /// <summary>
    /// Counts the times a create replaced the instance (its history and messages deleted): a work item
    /// taken before that must not put its messages back.
    /// </summary>
    public int Generation { get; set; }

    public bool HasVisible(long now)
    {
        foreach (var message in Pending)
        {
            if (message.VisibleAt <= now)
            {
                return true;
            }
        }

        return false;
    }

    public void Insert(StoredMessage message)
    {
        // Almost always the newest: append; otherwise keep send (id) order.
        var index = Pending.Count;
        while (index > 0 && Pending[index - 1].Id > message.Id)
        {
            index--;
        }

        Pending.Insert(index, message);
    }
}

/// <summary>The messages a work item took from its instance, and the history it was given.</summary>
internal sealed class LockedBatch(
    TaskOrchestrationWorkItem? workItem, List<StoredMessage> messages, string? executionId, int historyCount, InstanceCreated? created, int generation)
{
    /// <summary>Holds an instance while its work item is being built (no work item to match yet).</summary>
    public static LockedBatch Placeholder { get; } = new(null, [], null, 0, null, 0);

    public TaskOrchestrationWorkItem? WorkItem { get; } = workItem;

    public List<StoredMessage> Messages { get; } = messages;

    /// <summary>The execution whose history the work item was given (null: none).</summary>
    public string? ExecutionId { get; } = executionId;

    /// <summary>How many history events are on disk for that execution.</summary>
    public int HistoryCount { get; } = historyCount;

    /// <summary>The execution the instance row describes and its created time (null: no row).</summary>
    public InstanceCreated? Created { get; } = created;

    /// <summary>The instance's <see cref="InstanceQueue.Generation"/> when the messages were taken.</summary>
    public int Generation { get; } = generation;

    /// <summary>Its completion is committed: its messages are gone.</summary>
    public bool Completed { get; set; }
}
