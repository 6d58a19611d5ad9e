using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.Durable;

/// <summary>
/// Runs emergency lifecycles durably: instances are created once per id, every action is
/// journaled, waits and timers survive a restart, and per instance only one run happens at a time.
/// </summary>
public sealed class LifecycleEngine(IDurableStore store, IStepExecutor steps, TimeProvider clock, EngineOptions? options = null, ILogger<LifecycleEngine>? logger = null)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly ILogger _logger = logger ?? NullLogger<LifecycleEngine>.Instance;
    private readonly SemaphoreSlim _backgroundSlots = NewSlots(options ?? new EngineOptions());

    /// <summary>Raised after each durable action completes live (not on replay).</summary>
    public event Action<string, JournalEntry>? ActionCompleted;

    /// <summary>Raised when a lifecycle reports a new status live (not on replay).</summary>
    public event Action<string, LifecycleStatus>? StatusReported;

    internal IDurableStore Store => store;

    internal IStepExecutor Steps => steps;

    internal TimeProvider Clock => clock;

    /// <summary>The options this engine runs with.</summary>
    public EngineOptions Options { get; } = options ?? new EngineOptions();

    /// <summary>
    /// Starts a lifecycle unless one with the same id exists (a duplicate or late delivery), then
    /// runs it until it must wait.
    /// </summary>
    public async Task<StartResult> StartAsync(LifecycleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var gate = Gate(input.InstanceId);
        if (await CreateHoldingGateAsync(input, gate) is not { } created)
        {
            return await DuplicateAsync(input);
        }

        try
        {
            await RunLockedAsync(input.InstanceId, created, dueBy: null);
        }
        finally
        {
            gate.Release();
        }

        return new(true, (await store.GetInstanceAsync(input.InstanceId))!);
    }

    /// <summary>
    /// Starts a lifecycle and returns as soon as its creation is stored (what a webhook may
    /// acknowledge: a redelivery finds the instance, and a first run that never finishes is run
    /// again by the timer pass or at start-up); the first run continues off the caller's thread.
    /// <see cref="IdleAsync"/> waits for such runs (tests, shutdown).
    /// </summary>
    public async Task<StartResult> StartInBackgroundAsync(LifecycleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // Backpressure: beyond MaxBackgroundRuns, the start (and so the webhook's answer) waits.
        await _backgroundSlots.WaitAsync();

        // The instance's gate is taken before it exists and handed to its first run: a timer pass
        // that finds the new instance due leaves it to that run, and a call end waits for it.
        var gate = Gate(input.InstanceId);
        InstanceRecord? created;
        try
        {
            created = await CreateHoldingGateAsync(input, gate);
        }
        catch
        {
            _backgroundSlots.Release();
            throw;
        }

        if (created is null)
        {
            _backgroundSlots.Release();
            return await DuplicateAsync(input);
        }

        var run = Task.Run(() => RunInBackgroundAsync(created, gate));
        _background.TryAdd(run, 0);
        _ = run.ContinueWith(done => _background.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new(true, created);
    }

    /// <summary>Completes when every run started by <see cref="StartInBackgroundAsync"/> so far has returned.</summary>
    public Task IdleAsync() => Task.WhenAll(_background.Keys);

    /// <summary>
    /// Records a call end for every instance id the call may have (kept even before the lifecycle
    /// exists, so an end that arrives first is not lost) and resumes the lifecycle that exists.
    /// Returns the id of the lifecycle that was found, or null.
    /// </summary>
    public async Task<string?> DeliverCallEndAsync(CallKey call, CallEnd end)
    {
        ArgumentNullException.ThrowIfNull(call);

        // Every id's end is stored (one group commit when the store batches) before any instance is
        // looked up: a start racing with this end either finds the end in its inbox or is found here.
        await Task.WhenAll(call.CandidateInstanceIds.Select(id => store.AddCallEndAsync(id, end)));
        string? found = null;
        foreach (var id in call.CandidateInstanceIds)
        {
            if (await store.GetStatusAsync(id) is not null)
            {
                found = id;
                break;
            }
        }

        if (found is not null)
        {
            await RunAsync(found);
        }

        return found;
    }

    /// <summary>
    /// Runs every instance whose timer is due. An instance whose run is in progress is left to that
    /// run (it saves its own progress; if it fails, the instance is still due on the next pass). One
    /// instance failing never keeps the others from running: the pass goes on, then rethrows the
    /// first failure. Returns how many ran.
    /// </summary>
    public async Task<int> RunDueAsync()
    {
        var now = clock.GetUtcNow();
        var ran = 0;
        await RunEachAsync(await store.DueInstancesAsync(now), async id =>
        {
            if (await RunCoreAsync(id, dueBy: now) is not null)
            {
                ran++;
            }
        });
        return ran;
    }

    /// <summary>Resumes every unfinished instance (after a restart); like a timer pass, one failure does not stop the others.</summary>
    public async Task<int> ResumeAllAsync()
    {
        var unfinished = await store.UnfinishedInstancesAsync();
        await RunEachAsync(unfinished, RunAsync);
        return unfinished.Count;
    }

    /// <summary>How many first runs started by <see cref="StartInBackgroundAsync"/> are still going.</summary>
    public int BackgroundRuns => _background.Count;

    /// <summary>Runs <paramref name="run"/> for each id in turn; a failure is logged (masked) and the rest still run, then the first one is rethrown.</summary>
    private async Task RunEachAsync(IReadOnlyList<string> ids, Func<string, Task> run)
    {
        ExceptionDispatchInfo? first = null;
        foreach (var id in ids)
        {
            try
            {
                await run(id);
            }
            catch (Exception ex)
            {
                _logger.LogWarning("Lifecycle {InstanceId} could not run; it is tried again on the next pass: {Error}", id, Mask.Exception(ex));
                first ??= ExceptionDispatchInfo.Capture(ex);
            }
        }

        first?.Throw();
    }

    /// <summary>Replays an instance and runs it until it waits or ends. Store failures propagate; the instance stays resumable.</summary>
    public Task<RuntimeStatus?> RunAsync(string instanceId) => RunCoreAsync(instanceId, dueBy: null);

    /// <summary>
    /// Takes the instance's gate and creates the instance, its first run due now. Returns it with the
    /// gate still held; null, with the gate released, when it exists already (logged) or the store failed (thrown).
    /// </summary>
    private async Task<InstanceRecord?> CreateHoldingGateAsync(LifecycleInput input, SemaphoreSlim gate)
    {
        await gate.WaitAsync();
        try
        {
            var createdAt = clock.GetUtcNow();
            var inputJson = DurableJson.Serialize(input);
            if (await store.TryCreateInstanceAsync(input.InstanceId, inputJson, createdAt))
            {
                _logger.LogInformation("Lifecycle {InstanceId} started", input.InstanceId);
                return new InstanceRecord(input.InstanceId, inputJson, createdAt, RuntimeStatus.Running, null, null, createdAt, createdAt, null);
            }
        }
        catch
        {
            gate.Release();
            throw;
        }

        gate.Release();
        _logger.LogInformation("Lifecycle {InstanceId} already exists; duplicate start ignored", input.InstanceId);
        return null;
    }

    private async Task<StartResult> DuplicateAsync(LifecycleInput input) => new(false, (await store.GetInstanceAsync(input.InstanceId))!);

    private static SemaphoreSlim NewSlots(EngineOptions options) => new(options.MaxBackgroundRuns, options.MaxBackgroundRuns);

    /// <summary>Runs the instance under its gate.</summary>
    /// <param name="instanceId">The instance to run.</param>
    /// <param name="dueBy">For a timer pass: run only if the instance is still due by then and no run of it is in progress (null: always run, after any run in progress).</param>
    /// <returns>The status the run left, or null when there was nothing to run.</returns>
    private async Task<RuntimeStatus?> RunCoreAsync(string instanceId, DateTimeOffset? dueBy)
    {
        var gate = Gate(instanceId);
        if (dueBy is null)
        {
            await gate.WaitAsync();
        }
        else if (!await gate.WaitAsync(0))
        {
            return null;
        }

        try
        {
            return await RunLockedAsync(instanceId, fresh: null, dueBy);
        }
        finally
        {
            gate.Release();
        }
    }

    private SemaphoreSlim Gate(string instanceId) => _gates.GetOrAdd(instanceId, _ => new SemaphoreSlim(1, 1));

    /// <summary>One run; the caller holds the instance's gate.</summary>
    /// <param name="instanceId">The instance to run.</param>
    /// <param name="fresh">The instance this engine just created: its record and (empty) journal are known, nothing is read.</param>
    /// <param name="dueBy">See <see cref="RunCoreAsync"/>.</param>
    private async Task<RuntimeStatus?> RunLockedAsync(string instanceId, InstanceRecord? fresh, DateTimeOffset? dueBy)
    {
        var record = fresh ?? await store.GetInstanceAsync(instanceId);
        if (record is null || record.Status != RuntimeStatus.Running || (dueBy is { } by && !(record.WakeAt <= by)))
        {
            return dueBy is null ? record?.Status : null;
        }

        var input = DurableJson.Deserialize<LifecycleInput>(record.InputJson);
        var journal = fresh is null ? await store.LoadJournalAsync(instanceId) : [];
        var port = new EnginePort(instanceId, journal, record.CreatedAt, record.CustomStatusJson, this);
        var run = EmergencyLifecycle.RunAsync(port, input);
        await Task.WhenAny(run, port.Suspended.Task);
        var statusJson = port.Status is null ? null : DurableJson.Serialize(port.Status);

        if (!run.IsCompleted)
        {
            var wakeAt = await port.Suspended.Task;
            await StoredAsync(port, store.SaveProgressAsync(instanceId, RuntimeStatus.Running, statusJson, wakeAt, null, null, clock.GetUtcNow()));
            return RuntimeStatus.Running;
        }

        if (run.IsCompletedSuccessfully)
        {
            await StoredAsync(port, store.SaveProgressAsync(instanceId, RuntimeStatus.Completed, statusJson, null, DurableJson.Serialize(run.Result), null, clock.GetUtcNow()));
            _logger.LogInformation("Lifecycle {InstanceId} completed", instanceId);
            return RuntimeStatus.Completed;
        }

        var error = run.Exception!.GetBaseException();
        if (port.InfrastructureFault is not null)
        {
            // Exceptions are logged masked (their text may carry a number or an address), never as exception objects.
            _logger.LogWarning("Lifecycle {InstanceId} stopped by a store failure; it resumes on the next run: {Error}", instanceId, Mask.Exception(error));

            // The gate passes to the next run only once this run's queued writes have landed or failed:
            // a next run must never load a journal with entries still on their way.
            await port.FlushAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ExceptionDispatchInfo.Capture(error).Throw();
        }

        _logger.LogError("Lifecycle {InstanceId} failed: {Error}", instanceId, Mask.Exception(error));
        await StoredAsync(port, store.SaveProgressAsync(instanceId, RuntimeStatus.Failed, statusJson, null, null, $"{error.GetType().Name}: {Mask.Text(error.Message)}", clock.GetUtcNow()));
        await AlertFailureAsync(instanceId, error);
        return RuntimeStatus.Failed;
    }

    /// <summary>A failed lifecycle leaves an agent in DND or a number leased: operators are told (the alert is not journaled: the run is over).</summary>
    private async Task AlertFailureAsync(string instanceId, Exception error)
    {
        try
        {
            await steps.ExecuteAsync(Domain.Lifecycle.Steps.AlertOperators, EmergencyLifecycle.FailureAlert(instanceId, error), CancellationToken.None);
        }
        catch (Exception alertFailure) when (alertFailure is not OperationCanceledException)
        {
            _logger.LogCritical("Lifecycle {InstanceId} failed and its alert could not be raised: {Error}", instanceId, Mask.Exception(alertFailure));
        }
    }

    private async Task RunInBackgroundAsync(InstanceRecord created, SemaphoreSlim gate)
    {
        try
        {
            await RunLockedAsync(created.InstanceId, created, dueBy: null);
        }
        catch (Exception ex)
        {
            // The instance stays Running and due: the next timer pass (or the next start-up) runs it again.
            _logger.LogWarning("First run of {InstanceId} stopped; the next timer pass runs it again: {Error}", created.InstanceId, Mask.Exception(ex));
        }
        finally
        {
            gate.Release();
            _backgroundSlots.Release();
        }
    }

    /// <summary>
    /// The run's journal entries and its saved progress are queued together (one group commit when
    /// the store batches); the run ends, and its caller is answered, only once all are stored.
    /// </summary>
    private static async Task StoredAsync(EnginePort port, Task progress)
    {
        await port.FlushAsync();
        await progress;
    }

    internal void NotifyAction(string instanceId, JournalEntry entry) => ActionCompleted?.Invoke(instanceId, entry);

    internal void NotifyStatus(string instanceId, LifecycleStatus status) => StatusReported?.Invoke(instanceId, status);
}
