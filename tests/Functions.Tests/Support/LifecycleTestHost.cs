using System.Collections.Concurrent;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Domain.Tests.Support;
using EmergencyFlow.Functions.Callbacks;
using EmergencyFlow.Functions.Lifecycle;
using EmergencyFlow.Hosting.Steps;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.Functions.Tests.Support;

/// <summary>
/// The Functions app's real orchestrator and activity methods (<see cref="EmergencyFunctions"/>) on
/// Microsoft's in-process Durable Task test host, over fake presence, directory, email and alerts.
/// The host has no entities, so pool operations are activities over the same domain decider (the
/// <see cref="IOrchestrationPool"/> seam); it has no virtual clock, so tests use timers that are already due.
/// </summary>
internal sealed class LifecycleTestHost : IAsyncDisposable
{
    public const string AgentId = "agent-1";
    public const string AgentIdentity = "8:acs:agent-1";
    private const string PoolActivityPrefix = "TestPool.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly DurableTaskTestHost _host;
    private readonly TestPool _pool;
    private readonly ConcurrentQueue<(string InstanceId, LifecycleStatus Status)> _statuses;

    private LifecycleTestHost(DurableTaskTestHost host, TestPool pool, FakePresence presence, FakeEmail email, FakeAlerts alerts,
        ConcurrentQueue<string> actions, ConcurrentQueue<(string InstanceId, LifecycleStatus Status)> statuses)
    {
        _host = host;
        _pool = pool;
        _statuses = statuses;
        Presence = presence;
        Email = email;
        Alerts = alerts;
        Actions = actions;
    }

    public FakePresence Presence { get; }

    public FakeEmail Email { get; }

    public FakeAlerts Alerts { get; }

    /// <summary>Every activity and pool operation the orchestrator ran, in the order they ran.</summary>
    public ConcurrentQueue<string> Actions { get; }

    /// <summary>Every custom status the instance reported, in order (replays excluded).</summary>
    public IReadOnlyList<LifecycleStatus> StatusesOf(string instanceId) => [.. _statuses.Where(s => s.InstanceId == instanceId).Select(s => s.Status)];

    public CallbackPoolState Pool => _pool.State;

    /// <summary>The test host's client, as the Functions app's <c>[DurableClient]</c> binding gives it.</summary>
    public DurableTaskClient Client => _host.Client;

    /// <summary>The pool as routing and the ops API read it.</summary>
    public IPoolReader PoolReader => _pool;

    /// <summary>Makes the pool exactly these numbers (through the decider, as the entity would).</summary>
    public void ReplacePool(params string[] numbers) => _pool.Apply(p => CallbackPool.ReplaceNumbers(p, numbers, DateTimeOffset.UtcNow));

    /// <summary>Starts the test host with the one agent <see cref="AgentId"/>; the pool holds exactly <paramref name="poolNumbers"/>.</summary>
    public static Task<LifecycleTestHost> StartAsync(params string[] poolNumbers) =>
        StartAsync([new AgentProfile(AgentId, "Ana Lima", AgentIdentity, "ana.family@contoso.com")], poolNumbers);

    /// <summary>Starts the test host with these agents in the directory; the pool holds exactly <paramref name="poolNumbers"/>.</summary>
    public static async Task<LifecycleTestHost> StartAsync(IEnumerable<AgentProfile> agents, params string[] poolNumbers)
    {
        var pool = new TestPool(poolNumbers);
        var presence = new FakePresence();
        var email = new FakeEmail();
        var alerts = new FakeAlerts();
        var actions = new ConcurrentQueue<string>();
        var statuses = new ConcurrentQueue<(string, LifecycleStatus)>();
        var directory = new FakeDirectory();
        foreach (var agent in agents)
        {
            directory.Agents[agent.AgentId] = agent;
        }

        var steps = new LifecycleSteps(presence, directory, email, alerts, new FakeStepMemory(), NullLogger<LifecycleSteps>.Instance);
        var functions = new EmergencyFunctions(steps, new ActivityPool());
        var context = NSubstitute.Substitute.For<FunctionContext>();

        var host = await DurableTaskTestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<LifecycleInput, LifecycleOutcome>(EmergencyLifecycle.Name,
                (ctx, _) => functions.RunLifecycle(new StatusRecordingContext(ctx, (id, status) => statuses.Enqueue((id, (LifecycleStatus)status!)))));
            tasks.AddActivityFunc<SetDoNotDisturbInput, PresenceSnapshot>(nameof(Steps.SetDoNotDisturb),
                (_, input) => Recorded(actions, nameof(Steps.SetDoNotDisturb), () => functions.SetDoNotDisturb(input, context)));
            tasks.AddActivityFunc<RestorePresenceInput, PresenceRestoreResult>(nameof(Steps.RestorePresence),
                (_, input) => Recorded(actions, nameof(Steps.RestorePresence), () => functions.RestorePresence(input, context)));
            tasks.AddActivityFunc<NotificationRequest, NotificationOutcome>(nameof(Steps.SendNotification),
                (_, input) => Recorded(actions, nameof(Steps.SendNotification), () => functions.SendNotification(input, context)));
            tasks.AddActivityFunc<OperatorAlert, StepDone>(nameof(Steps.AlertOperators),
                (_, input) => Recorded(actions, nameof(Steps.AlertOperators), () => functions.AlertOperators(input, context)));
            tasks.AddActivityFunc<LeaseRequest, LeaseOutcome>(PoolActivityPrefix + PoolOperations.Lease.Name,
                (_, r) => Recorded(actions, PoolOperations.Lease.Name, () => Task.FromResult(pool.Apply(p => CallbackPool.Lease(p, r)))));
            tasks.AddActivityFunc<ExtendRequest, PoolChange>(PoolActivityPrefix + PoolOperations.Extend.Name,
                (_, r) => Recorded(actions, PoolOperations.Extend.Name, () => Task.FromResult(pool.Apply(p => CallbackPool.Extend(p, r)))));
            tasks.AddActivityFunc<ReleaseRequest, PoolChange>(PoolActivityPrefix + PoolOperations.Release.Name,
                (_, r) => Recorded(actions, PoolOperations.Release.Name, () => Task.FromResult(pool.Apply(p => CallbackPool.Release(p, r)))));
        });

        return new LifecycleTestHost(host, pool, presence, email, alerts, actions, statuses);
    }

    /// <summary>An emergency call by the agent, started as the event handler starts it (instance id from the call).</summary>
    public static LifecycleInput CallInput(string callId, LifecycleSettings settings) =>
        new(CallKey.ToInstanceId(callId),
            new EmergencyCall(new CallKey(callId, null), AgentId, AgentIdentity, "911", "US", "United States", false, DateTimeOffset.UtcNow, null),
            settings, null);

    public async Task<string> StartLifecycleAsync(LifecycleInput input) =>
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(EmergencyLifecycle.Name, input, new StartOrchestrationOptions(input.InstanceId));

    public Task RaiseCallEndAsync(string instanceId, CallEnd end) =>
        _host.Client.RaiseEventAsync(instanceId, EmergencyLifecycle.CallEndedEvent, end);

    /// <summary>The custom status once it has reached <paramref name="stage"/> (bounded poll: the orchestration runs on the host's worker).</summary>
    public async Task<LifecycleStatus> WaitForStageAsync(string instanceId, LifecycleStage stage)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var instance = await _host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (instance?.SerializedCustomStatus is not null && instance.ReadCustomStatusAs<LifecycleStatus>() is { } status && status.Stage >= stage)
            {
                return status;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Waits for the instance to finish; it must have completed (not failed or been terminated).</summary>
    public async Task<(LifecycleOutcome Outcome, LifecycleStatus CustomStatus)> FinishAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var instance = await _host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        instance.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed, instance.FailureDetails?.ErrorMessage);
        return (instance.ReadOutputAs<LifecycleOutcome>()!, instance.ReadCustomStatusAs<LifecycleStatus>()!);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static async Task<T> Recorded<T>(ConcurrentQueue<string> actions, string name, Func<Task<T>> run)
    {
        actions.Enqueue(name);
        return await run();
    }

    /// <summary>The pool's state, changed only through the domain decider, as the entity changes it.</summary>
    private sealed class TestPool(IReadOnlyList<string> numbers) : IPoolReader
    {
        private readonly Lock _gate = new();
        private readonly PoolEntityState _state = new() { Pool = CallbackPool.AddNumbers(CallbackPoolState.Empty, numbers).Item1, Seeded = true };

        public CallbackPoolState State
        {
            get
            {
                lock (_gate)
                {
                    return _state.Pool;
                }
            }
        }

        public Task<CallbackPoolState> ReadAsync(DurableTaskClient client, CancellationToken cancellationToken) => Task.FromResult(State);

        public T Apply<T>(Func<CallbackPoolState, (CallbackPoolState, T)> decide)
        {
            lock (_gate)
            {
                return PoolEntityOperations.Apply(_state, decide);
            }
        }
    }

    /// <summary>Serves pool operations as activities: one durable action each, like an entity call.</summary>
    private sealed class ActivityPool : IOrchestrationPool
    {
        public Task<TResult> CallAsync<TResult>(TaskOrchestrationContext context, string operation, object? input) =>
            context.CallActivityAsync<TResult>(PoolActivityPrefix + operation, input);

        public Task SignalAsync(TaskOrchestrationContext context, string operation, object? input) =>
            context.CallActivityAsync<PoolChange>(PoolActivityPrefix + operation, input);
    }
}
