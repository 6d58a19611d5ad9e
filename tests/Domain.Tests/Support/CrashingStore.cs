using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Durable;

namespace EmergencyFlow.Domain.Tests.Support;

/// <summary>The process "dies" when it tries to journal one more action than allowed.</summary>
internal sealed class CrashException() : Exception("simulated crash");

/// <summary>
/// Wraps a store and crashes on the (k+1)-th journal write: the action's side effect (if a step)
/// has happened, but its result is not journaled — the worst moment to die.
/// </summary>
internal sealed class CrashingStore(IDurableStore inner) : IDurableStore
{
    private int _writes;

    public int? CrashAfterWrites { get; set; }

    public int Writes => _writes;

    private void MaybeCrash()
    {
        if (CrashAfterWrites is { } k && _writes >= k)
        {
            CrashAfterWrites = null;
            throw new CrashException();
        }

        _writes++;
    }

    public Task AppendJournalAsync(string instanceId, JournalEntry entry)
    {
        MaybeCrash();
        return inner.AppendJournalAsync(instanceId, entry);
    }

    public Task<T> UpdatePoolAsync<T>(Func<CallbackPoolState, (CallbackPoolState State, T Result)> decide, Func<T, (string InstanceId, JournalEntry Entry)?>? journal = null)
    {
        if (journal is not null)
        {
            MaybeCrash();
        }

        return inner.UpdatePoolAsync(decide, journal);
    }

    public Task<bool> TryCreateInstanceAsync(string instanceId, string inputJson, DateTimeOffset createdAt) => inner.TryCreateInstanceAsync(instanceId, inputJson, createdAt);

    public Task<InstanceRecord?> GetInstanceAsync(string instanceId) => inner.GetInstanceAsync(instanceId);

    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync() => inner.ListInstancesAsync();

    public Task<IReadOnlyList<JournalEntry>> LoadJournalAsync(string instanceId) => inner.LoadJournalAsync(instanceId);

    public Task SaveProgressAsync(string instanceId, RuntimeStatus status, string? customStatusJson, DateTimeOffset? wakeAt, string? outputJson, string? error, DateTimeOffset at) =>
        inner.SaveProgressAsync(instanceId, status, customStatusJson, wakeAt, outputJson, error, at);

    public Task SaveStatusAsync(string instanceId, string customStatusJson) => inner.SaveStatusAsync(instanceId, customStatusJson);

    public Task<IReadOnlyList<string>> DueInstancesAsync(DateTimeOffset now) => inner.DueInstancesAsync(now);

    public Task<IReadOnlyList<string>> UnfinishedInstancesAsync() => inner.UnfinishedInstancesAsync();

    public Task<bool> AddCallEndAsync(string instanceId, CallEnd end) => inner.AddCallEndAsync(instanceId, end);

    public Task<CallEnd?> GetCallEndAsync(string instanceId) => inner.GetCallEndAsync(instanceId);

    public Task<CallbackPoolState> GetPoolAsync() => inner.GetPoolAsync();
}
