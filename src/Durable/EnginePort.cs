using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Privacy;

namespace EmergencyFlow.Durable;

/// <summary>
/// The port for one run of one instance: replays the journal, then acts live. When the lifecycle
/// must wait (call end not yet in, timer not yet due) the run suspends: its task never completes,
/// the engine records the wake time and drops it, and a later run replays up to the same point.
/// This is Durable Functions' execution model in miniature.
/// </summary>
internal sealed class EnginePort(
    string instanceId,
    IReadOnlyList<JournalEntry> journal,
    DateTimeOffset createdAt,
    string? lastStatusJson,
    LifecycleEngine engine) : ILifecyclePort
{
    private readonly List<Task> _writes = [];
    private int _next;
    private DateTimeOffset _now = createdAt;
    private string? _lastStatusJson = lastStatusJson;
    private string? _unsavedStatusJson;
    private readonly LifecycleStage? _persistedStage = lastStatusJson is null ? null : DurableJson.Deserialize<LifecycleStatus>(lastStatusJson).Stage;

    public TaskCompletionSource<DateTimeOffset> Suspended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LifecycleStatus? Status { get; private set; }

    /// <summary>Set when the store failed: the run is abandoned and retried, not failed.</summary>
    public Exception? InfrastructureFault { get; private set; }

    public DateTimeOffset UtcNow => _now;

    private bool Replaying => _next < journal.Count;

    public async Task<TResult> RunAsync<TInput, TResult>(Step<TInput, TResult> step, TInput input)
        where TInput : IStepInput
    {
        if (Replay(ActionKind.Step, step.Name, input.IdempotencyKey) is { } done)
        {
            return done.Error is null ? DurableJson.Deserialize<TResult>(done.ResultJson!) : throw new StepFailedException(step.Name, done.Error);
        }

        string? error = null;
        TResult? result = default;
        for (var attempt = 1; attempt <= engine.Options.StepAttempts; attempt++)
        {
            try
            {
                result = await engine.Steps.ExecuteAsync(step, input, CancellationToken.None);
                error = null;
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Journaled and shown to operators: masked, as an exception's text may carry a number or an address.
                error = $"{ex.GetType().Name}: {Mask.Text(ex.Message)}";
            }
        }

        await RecordAsync(ActionKind.Step, step.Name, input.IdempotencyKey, error is null ? DurableJson.Serialize(result) : null, error);
        return error is null ? result! : throw new StepFailedException(step.Name, error);
    }

    public async Task<CallEnd> WaitForCallEndAsync(DateTimeOffset deadline)
    {
        const string name = nameof(WaitForCallEndAsync);
        if (Replay(ActionKind.WaitForCallEnd, name, null) is { } done)
        {
            return DurableJson.Deserialize<CallEnd>(done.ResultJson!);
        }

        var end = await Guard(() => engine.Store.GetCallEndAsync(instanceId));
        var now = engine.Clock.GetUtcNow();
        if (end is null && now < deadline)
        {
            return await Suspend<CallEnd>(deadline);
        }

        end ??= new CallEnd(deadline, CallEndSource.Deadline);
        await RecordAsync(ActionKind.WaitForCallEnd, name, null, DurableJson.Serialize(end), null);
        return end;
    }

    public async Task SleepUntilAsync(DateTimeOffset wakeAt)
    {
        const string name = nameof(SleepUntilAsync);
        if (Replay(ActionKind.Sleep, name, null) is not null)
        {
            return;
        }

        if (engine.Clock.GetUtcNow() < wakeAt)
        {
            await Suspend<bool>(wakeAt);
        }

        await RecordAsync(ActionKind.Sleep, name, null, DurableJson.Serialize(wakeAt), null);
    }

    public async Task<TResult> CallPoolAsync<TInput, TResult>(PoolOperation<TInput, TResult> operation, TInput input)
    {
        var key = PoolKey(input);
        if (Replay(ActionKind.Pool, operation.Name, key) is { } done)
        {
            return DurableJson.Deserialize<TResult>(done.ResultJson!);
        }

        SaveReportedStatus();
        var now = engine.Clock.GetUtcNow();
        var sequence = _next++;
        var result = (TResult)await Guard(() => engine.Store.ApplyPoolAsync(
            PoolDispatch.Command(operation.Name, input!),
            now,
            r => (instanceId, new JournalEntry(sequence, ActionKind.Pool, operation.Name, key, DurableJson.Serialize(r), null, now))));
        _now = now;
        engine.NotifyAction(instanceId, new JournalEntry(sequence, ActionKind.Pool, operation.Name, key, DurableJson.Serialize(result), null, now));
        return result;
    }

    public Task SignalPoolAsync<TInput, TResult>(PoolOperation<TInput, TResult> operation, TInput input) =>
        CallPoolAsync(operation, input);

    public void ReportStatus(LifecycleStatus status)
    {
        Status = status;
        if (Replaying)
        {
            return;
        }

        // Stages only move forward: a resumed run re-reports stages an earlier run already announced.
        var json = DurableJson.Serialize(status);
        if (json != _lastStatusJson && (_persistedStage is null || status.Stage > _persistedStage))
        {
            _lastStatusJson = json;
            _unsavedStatusJson = json;
            engine.NotifyStatus(instanceId, status);
        }
    }

    /// <summary>
    /// Queues the stage reported since the last save ahead of a write the run waits for (a pool
    /// call), so operators see "Agent in Do Not Disturb" once that step's journal entry is stored
    /// and not before; the run's saved progress carries the rest.
    /// </summary>
    private void SaveReportedStatus()
    {
        if (_unsavedStatusJson is not { } json)
        {
            return;
        }

        _unsavedStatusJson = null;
        try
        {
            _writes.Add(engine.Store.SaveStatusAsync(instanceId, json));
        }
        catch (Exception ex)
        {
            InfrastructureFault = ex;
            throw;
        }
    }

    private JournalEntry? Replay(ActionKind kind, string name, string? key)
    {
        if (!Replaying)
        {
            return null;
        }

        var entry = journal[_next];
        if (entry.Kind != kind || entry.Name != name || entry.Key != key)
        {
            throw new NonDeterminismException(
                $"Instance {instanceId} replayed {kind} {name} at position {_next}, but the journal has {entry.Kind} {entry.Name}.");
        }

        _next++;
        _now = entry.RecordedAt;
        return entry;
    }

    /// <summary>
    /// Journals an action without waiting for the store: the store writes in order, so the next
    /// action that is awaited (a pool call, the run's saved progress) is durable only after this one.
    /// The action is announced once its entry is stored; <see cref="FlushAsync"/> waits for them all.
    /// </summary>
    private Task RecordAsync(ActionKind kind, string name, string? key, string? resultJson, string? error)
    {
        var entry = new JournalEntry(_next, kind, name, key, resultJson, error, engine.Clock.GetUtcNow());
        Task write;
        try
        {
            write = engine.Store.AppendJournalAsync(instanceId, entry);
        }
        catch (Exception ex)
        {
            InfrastructureFault = ex;
            throw;
        }

        _next++;
        _now = entry.RecordedAt;
        if (write.IsCompletedSuccessfully)
        {
            engine.NotifyAction(instanceId, entry);
        }
        else
        {
            _writes.Add(AnnounceWhenStoredAsync(write, entry));
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until every journal entry of this run is stored; a failure marks the run as stopped by the store.</summary>
    public async Task FlushAsync()
    {
        try
        {
            await Task.WhenAll(_writes);
        }
        catch (Exception ex)
        {
            InfrastructureFault ??= ex;
            throw;
        }
    }

    private async Task AnnounceWhenStoredAsync(Task write, JournalEntry entry)
    {
        await write;
        engine.NotifyAction(instanceId, entry);
    }

    private Task<T> Suspend<T>(DateTimeOffset wakeAt)
    {
        Suspended.TrySetResult(wakeAt);
        return new TaskCompletionSource<T>().Task;
    }

    private async Task<T> Guard<T>(Func<Task<T>> storeCall)
    {
        try
        {
            return await storeCall();
        }
        catch (Exception ex)
        {
            InfrastructureFault = ex;
            throw;
        }
    }

    private static string? PoolKey<TInput>(TInput input) => input switch
    {
        LeaseRequest r => r.LeaseId,
        ExtendRequest r => r.LeaseId,
        ReleaseRequest r => r.LeaseId,
        _ => null,
    };
}
