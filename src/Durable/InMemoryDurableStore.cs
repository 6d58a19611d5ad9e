using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Durable;

/// <summary>
/// A store in memory: for tests, the harness and the benchmark baseline. Lost when the process
/// ends; the local host uses its SQLite store.
/// </summary>
public sealed class InMemoryDurableStore : IDurableStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InstanceRecord> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JournalEntry>> _journals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallEnd> _inbox = new(StringComparer.Ordinal);
    private PoolIndex _pool = new(CallbackPoolState.Empty);

    /// <inheritdoc />
    public Task<bool> TryCreateInstanceAsync(string instanceId, string inputJson, DateTimeOffset createdAt)
    {
        lock (_gate)
        {
            if (_instances.ContainsKey(instanceId))
            {
                return Task.FromResult(false);
            }

            _instances[instanceId] = new(instanceId, inputJson, createdAt, RuntimeStatus.Running, null, null, createdAt, createdAt, null);
            _journals[instanceId] = [];
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<InstanceRecord?> GetInstanceAsync(string instanceId)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.GetValueOrDefault(instanceId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync()
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<InstanceRecord>>(_instances.Values.OrderByDescending(i => i.CreatedAt).ToList());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> LoadJournalAsync(string instanceId)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<JournalEntry>>(_journals.TryGetValue(instanceId, out var j) ? [.. j] : []);
        }
    }

    /// <inheritdoc />
    public Task AppendJournalAsync(string instanceId, JournalEntry entry)
    {
        lock (_gate)
        {
            Append(instanceId, entry);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task SaveProgressAsync(string instanceId, RuntimeStatus status, string? customStatusJson, DateTimeOffset? wakeAt, string? outputJson, string? error, DateTimeOffset at)
    {
        lock (_gate)
        {
            var current = _instances[instanceId];
            _instances[instanceId] = current with
            {
                Status = status,
                CustomStatusJson = customStatusJson ?? current.CustomStatusJson,
                WakeAt = wakeAt,
                OutputJson = outputJson,
                Error = error,
                UpdatedAt = at,
            };
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task SaveStatusAsync(string instanceId, string customStatusJson)
    {
        lock (_gate)
        {
            _instances[instanceId] = _instances[instanceId] with { CustomStatusJson = customStatusJson };
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> DueInstancesAsync(DateTimeOffset now)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_instances.Values
                .Where(i => i.Status == RuntimeStatus.Running && i.WakeAt <= now)
                .OrderBy(i => i.WakeAt).Select(i => i.InstanceId).ToList());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> UnfinishedInstancesAsync()
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_instances.Values
                .Where(i => i.Status == RuntimeStatus.Running).Select(i => i.InstanceId).ToList());
        }
    }

    /// <inheritdoc />
    public Task<bool> AddCallEndAsync(string instanceId, CallEnd end)
    {
        lock (_gate)
        {
            return Task.FromResult(_inbox.TryAdd(instanceId, end));
        }
    }

    /// <inheritdoc />
    public Task<CallEnd?> GetCallEndAsync(string instanceId)
    {
        lock (_gate)
        {
            return Task.FromResult(_inbox.GetValueOrDefault(instanceId));
        }
    }

    /// <inheritdoc />
    public Task<CallbackPoolState> GetPoolAsync()
    {
        lock (_gate)
        {
            return Task.FromResult(_pool.State);
        }
    }

    /// <inheritdoc />
    public Task<PoolNumber?> FindPoolNumberAsync(string number)
    {
        lock (_gate)
        {
            return Task.FromResult(_pool.Find(number));
        }
    }

    /// <inheritdoc />
    public Task<T> UpdatePoolAsync<T>(Func<CallbackPoolState, (CallbackPoolState State, T Result)> decide, Func<T, (string InstanceId, JournalEntry Entry)?>? journal = null)
    {
        ArgumentNullException.ThrowIfNull(decide);
        lock (_gate)
        {
            var (state, result) = decide(_pool.State);
            if (journal?.Invoke(result) is { } j)
            {
                Append(j.InstanceId, j.Entry);
            }

            if (!ReferenceEquals(state, _pool.State))
            {
                _pool = new PoolIndex(state);
            }

            return Task.FromResult(result);
        }
    }

    /// <summary>Decided on the numbers the command can touch (see <see cref="PoolIndex"/>), like the SQLite store: a fair baseline.</summary>
    public Task<object> ApplyPoolAsync(PoolCommand command, DateTimeOffset now, Func<object, (string InstanceId, JournalEntry Entry)?>? journal = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            if (_pool.Focus(command) is not { } focus)
            {
                return UpdatePoolAsync(state => CallbackPool.Decide(state, command, now), journal);
            }

            var (decided, result) = CallbackPool.Decide(new CallbackPoolState(focus.ConvertAll(f => f.Number)), command, now);
            if (journal?.Invoke(result) is { } j)
            {
                Append(j.InstanceId, j.Entry);
            }

            _pool.Apply(focus, decided);
            return Task.FromResult(result);
        }
    }

    private void Append(string instanceId, JournalEntry entry)
    {
        var journal = _journals[instanceId];
        if (entry.Sequence != journal.Count)
        {
            throw new InvalidOperationException($"Journal of {instanceId} expected entry {journal.Count}, got {entry.Sequence}.");
        }

        journal.Add(entry);
    }
}
