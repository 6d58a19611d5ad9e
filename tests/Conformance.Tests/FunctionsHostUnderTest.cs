using System.Collections.Concurrent;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Domain.Tests.Support;
using EmergencyFlow.Functions;
using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Functions.Callbacks;
using EmergencyFlow.Functions.Events;
using EmergencyFlow.Functions.Lifecycle;
using EmergencyFlow.Hosting.Callbacks;
using EmergencyFlow.Hosting.Events;
using EmergencyFlow.Hosting.Steps;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace EmergencyFlow.Conformance.Tests;

/// <summary>
/// The Functions app's adapters: its event functions' handler over <see cref="FunctionsEventHost"/>, and the
/// real orchestrator and activity function classes on Microsoft's in-process Durable Task test host.
/// That host has no entities and no virtual clock, so pool operations are served by activities over
/// the same domain decider (<see cref="IOrchestrationPool"/> seam), and the callback window is zero:
/// its release timer is already due when the call ends.
/// </summary>
public sealed class FunctionsHostUnderTest : IHostUnderTest
{
    private readonly DurableTaskTestHost _host;
    private readonly EventGridFunctions _functions;
    private readonly TestPool _pool;
    private readonly FakeEmail _email;
    private readonly FakeAlerts _alerts;
    private readonly RecordingRedirector _redirector;
    private readonly MemoryEventStore _store;

    private FunctionsHostUnderTest(DurableTaskTestHost host, TestPool pool, FakeEmail email, FakeAlerts alerts, RecordingRedirector redirector, MemoryEventStore store, double callEndDeadlineHours)
    {
        _host = host;
        _pool = pool;
        _email = email;
        _alerts = alerts;
        _redirector = redirector;
        _store = store;
        var options = Options.Create(new FunctionsOptions { CallbackWindowMinutes = 0, CallEndDeadlineHours = callEndDeadlineHours });
        _functions = new EventGridFunctions(NumberPlan.Default, options, pool, redirector, store, alerts, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public DateTimeOffset Now => DateTimeOffset.UtcNow;

    public IReadOnlyList<AlertKind> Alerts => [.. _alerts.Raised.Values.Select(a => a.Kind)];

    public int EmailsSent => _email.Delivered.Count;

    public IReadOnlyList<string> Redirects => [.. _redirector.Targets];

    public int DeadLetters => _store.Letters.Count;

    /// <summary>Starts the test host with the Functions app's orchestrator and activities.</summary>
    public static async Task<FunctionsHostUnderTest> StartAsync(double callEndDeadlineHours = 1)
    {
        var pool = new TestPool();
        var email = new FakeEmail();
        var alerts = new FakeAlerts();
        var directory = new FakeDirectory();
        directory.Agents[Events.Agent] = new AgentProfile(Events.Agent, "Ana Lima", Events.AgentIdentity, "ops-lead@contoso.com; ana.family@contoso.com");
        directory.Agents[Events.OtherAgent] = new AgentProfile(Events.OtherAgent, "Ben Okafor", Events.OtherAgentIdentity, "ben.family@contoso.com");
        var steps = new LifecycleSteps(new FakePresence(), directory, email, alerts, new FakeStepMemory(), NullLogger<LifecycleSteps>.Instance);
        var lifecycle = new EmergencyFunctions(steps, new ActivityPool());
        var context = Substitute.For<FunctionContext>();

        var host = await DurableTaskTestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<LifecycleInput, LifecycleOutcome>(EmergencyLifecycle.Name, (ctx, _) => lifecycle.RunLifecycle(ctx));
            tasks.AddActivityFunc<SetDoNotDisturbInput, PresenceSnapshot>(nameof(Steps.SetDoNotDisturb), (_, input) => lifecycle.SetDoNotDisturb(input, context));
            tasks.AddActivityFunc<RestorePresenceInput, PresenceRestoreResult>(nameof(Steps.RestorePresence), (_, input) => lifecycle.RestorePresence(input, context));
            tasks.AddActivityFunc<NotificationRequest, NotificationOutcome>(nameof(Steps.SendNotification), (_, input) => lifecycle.SendNotification(input, context));
            tasks.AddActivityFunc<OperatorAlert, StepDone>(nameof(Steps.AlertOperators), (_, input) => lifecycle.AlertOperators(input, context));
            tasks.AddActivityFunc<LeaseRequest, LeaseOutcome>(ActivityPool.Prefix + PoolOperations.Lease.Name, (_, r) => pool.Apply(p => CallbackPool.Lease(p, r)));
            tasks.AddActivityFunc<ExtendRequest, PoolChange>(ActivityPool.Prefix + PoolOperations.Extend.Name, (_, r) => pool.Apply(p => CallbackPool.Extend(p, r)));
            tasks.AddActivityFunc<ReleaseRequest, PoolChange>(ActivityPool.Prefix + PoolOperations.Release.Name, (_, r) => pool.Apply(p => CallbackPool.Release(p, r)));
        });

        return new FunctionsHostUnderTest(host, pool, email, alerts, new RecordingRedirector(), new MemoryEventStore(), callEndDeadlineHours);
    }

    public Task<DeliveryOutcome> DeliverAsync(string body) =>
        _functions.HandlerFor(_host.Client).HandleDeliveryAsync(System.Text.Encoding.UTF8.GetBytes(body), CancellationToken.None);

    public async Task<LifecycleStatus> WaitForStageAsync(string instanceId, LifecycleStage stage)
    {
        // The orchestration runs on the test host's worker: poll its custom status, bounded (no fixed sleep decides anything).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
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

    public async Task<LifecycleStatus> FinishAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var instance = await _host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        instance.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed, instance.FailureDetails?.ErrorMessage);
        return instance.ReadCustomStatusAs<LifecycleStatus>()!;
    }

    public Task SetPoolAsync(params string[] numbers)
    {
        _pool.Apply(p => CallbackPool.ReplaceNumbers(p, numbers, DateTimeOffset.UtcNow));
        return Task.CompletedTask;
    }

    public Task<CallbackPoolState> PoolAsync() => _pool.ReadAsync(_host.Client, CancellationToken.None);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The pool's state, changed only through the domain decider, as the entity does.</summary>
    private sealed class TestPool : IPoolReader
    {
        private readonly Lock _gate = new();
        private readonly PoolEntityState _state = new() { Seeded = true };

        public T Apply<T>(Func<CallbackPoolState, (CallbackPoolState, T)> decide)
        {
            lock (_gate)
            {
                return PoolEntityOperations.Apply(_state, decide);
            }
        }

        public Task<CallbackPoolState> ReadAsync(DurableTaskClient client, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return Task.FromResult(_state.Pool);
            }
        }
    }

    /// <summary>Serves pool operations as activities (one durable action each, like an entity call).</summary>
    private sealed class ActivityPool : IOrchestrationPool
    {
        public const string Prefix = "TestPool.";

        public Task<TResult> CallAsync<TResult>(TaskOrchestrationContext context, string operation, object? input) =>
            context.CallActivityAsync<TResult>(Prefix + operation, input);

        public Task SignalAsync(TaskOrchestrationContext context, string operation, object? input) =>
            context.CallActivityAsync<PoolChange>(Prefix + operation, input);
    }

    private sealed class RecordingRedirector : ICallRedirector
    {
        public ConcurrentQueue<string> Targets { get; } = new();

        public Task RedirectAsync(CallRedirect redirect, CancellationToken cancellationToken)
        {
            Targets.Enqueue(redirect.AgentRawId);
            return Task.CompletedTask;
        }
    }

    private sealed class MemoryEventStore : IEventStore
    {
        private readonly ConcurrentDictionary<string, CallEnd> _ends = new();

        public ConcurrentDictionary<string, DeadLetter> Letters { get; } = new();

        public Task KeepEarlyEndAsync(string instanceId, CallEnd end, CancellationToken cancellationToken)
        {
            _ends[instanceId] = end;
            return Task.CompletedTask;
        }

        public Task<CallEnd?> TakeEarlyEndAsync(string instanceId, CancellationToken cancellationToken) =>
            Task.FromResult(_ends.TryRemove(instanceId, out var end) ? end : null);

        public Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task RecordDeadLetterAsync(DeadLetter letter, string rowKey, CancellationToken cancellationToken)
        {
            Letters[rowKey] = letter;
            return Task.CompletedTask;
        }
    }
}
