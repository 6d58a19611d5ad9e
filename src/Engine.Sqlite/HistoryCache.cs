using DurableTask.Core.History;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>
/// The committed history of an instance's current execution, its custom status, and when its instance
/// row says that execution was created (null: no row yet).
/// </summary>
internal sealed record CachedHistory(string InstanceId, string? ExecutionId, IReadOnlyList<HistoryEvent> Events, string? CustomStatus, InstanceCreated? Created);

/// <summary>The execution an instance row describes and the created time the provider stamped on it.</summary>
internal sealed record InstanceCreated(string ExecutionId, DateTime Time);

/// <summary>Least-recently-used histories of unfinished instances (guarded by the provider's lock).</summary>
internal sealed class HistoryCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<CachedHistory>> byInstance = new(StringComparer.Ordinal);
    private readonly LinkedList<CachedHistory> recency = new();

    public bool TryGet(string instanceId, out CachedHistory history)
    {
        if (byInstance.TryGetValue(instanceId, out var node))
        {
            recency.Remove(node);
            recency.AddFirst(node);
            history = node.Value;
            return true;
        }

        history = null!;
        return false;
    }

    public void Set(CachedHistory history)
    {
        Remove(history.InstanceId);
        if (capacity == 0)
        {
            return;
        }

        byInstance[history.InstanceId] = recency.AddFirst(history);
        while (byInstance.Count > capacity)
        {
            var oldest = recency.Last!;
            recency.RemoveLast();
            byInstance.Remove(oldest.Value.InstanceId);
        }
    }

    public void Remove(string instanceId)
    {
        if (byInstance.Remove(instanceId, out var node))
        {
            recency.Remove(node);
        }
    }

    public void Clear()
    {
        byInstance.Clear();
        recency.Clear();
    }
}
