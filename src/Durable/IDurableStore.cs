using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Durable;

/// <summary>
/// Everything the runtime must not lose: instances, journals, pending timers (an instance's wake
/// time), the call-end inbox and the callback pool. Every method is one transaction.
/// </summary>
public interface IDurableStore
{
    /// <summary>
    /// Creates an instance, its first run due at once (wake time <paramref name="createdAt"/>): a
    /// first run that never saves its progress (a crash, a store failure) is run again by the
    /// timer pass, not lost. False when one with this id exists (duplicate delivery).
    /// </summary>
    Task<bool> TryCreateInstanceAsync(string instanceId, string inputJson, DateTimeOffset createdAt);

    /// <summary>The instance, or null.</summary>
    Task<InstanceRecord?> GetInstanceAsync(string instanceId);

    /// <summary>The instance's runtime status, or null when there is no such instance (a lookup cheaper than the whole record).</summary>
    async Task<RuntimeStatus?> GetStatusAsync(string instanceId) => (await GetInstanceAsync(instanceId))?.Status;

    /// <summary>All instances, newest first.</summary>
    Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync();

    /// <summary>The instance's journal in order.</summary>
    Task<IReadOnlyList<JournalEntry>> LoadJournalAsync(string instanceId);

    /// <summary>Appends one entry; its sequence must be the next one.</summary>
    Task AppendJournalAsync(string instanceId, JournalEntry entry);

    /// <summary>Saves where the instance stands (custom status, wake time, output, error).</summary>
    Task SaveProgressAsync(string instanceId, RuntimeStatus status, string? customStatusJson, DateTimeOffset? wakeAt, string? outputJson, string? error, DateTimeOffset at);

    /// <summary>Saves the stage a running instance reported (shown to operators) without touching its wake time.</summary>
    Task SaveStatusAsync(string instanceId, string customStatusJson);

    /// <summary>Running instances whose wake time has come.</summary>
    Task<IReadOnlyList<string>> DueInstancesAsync(DateTimeOffset now);

    /// <summary>Instances that have not finished (resumed at start-up).</summary>
    Task<IReadOnlyList<string>> UnfinishedInstancesAsync();

    /// <summary>Records a call end for an instance id (kept even when the instance does not exist yet); the first one wins.</summary>
    Task<bool> AddCallEndAsync(string instanceId, CallEnd end);

    /// <summary>The recorded call end, or null.</summary>
    Task<CallEnd?> GetCallEndAsync(string instanceId);

    /// <summary>The pool's current state (a snapshot read; never blocks behind a lifecycle for long).</summary>
    Task<CallbackPoolState> GetPoolAsync();

    /// <summary>One pool number (E.164) as it stands, or null; a store that indexes the pool finds it without a scan.</summary>
    async Task<PoolNumber?> FindPoolNumberAsync(string number) => (await GetPoolAsync()).Numbers.FirstOrDefault(n => n.Number == number);

    /// <summary>
    /// Applies a pool decision and, when <paramref name="journal"/> gives one, appends the instance's
    /// journal entry in the same transaction: a pool operation is journaled exactly once.
    /// </summary>
    Task<T> UpdatePoolAsync<T>(Func<CallbackPoolState, (CallbackPoolState State, T Result)> decide, Func<T, (string InstanceId, JournalEntry Entry)?>? journal = null);

    /// <summary>
    /// Applies one domain pool command, journaled like <see cref="UpdatePoolAsync{T}"/>. A store that
    /// indexes the pool decides on just the numbers the command can touch; by default the decider
    /// sees the whole pool.
    /// </summary>
    Task<object> ApplyPoolAsync(PoolCommand command, DateTimeOffset now, Func<object, (string InstanceId, JournalEntry Entry)?>? journal = null) =>
        UpdatePoolAsync(state => CallbackPool.Decide(state, command, now), journal);
}
