using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Durable;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using EmergencyFlow.Application.Lifecycle;

namespace EmergencyFlow.Domain.Tests.Support;

/// <summary>
/// The deterministic journal harness: the real embedded runtime on virtual time, in memory, with
/// fakes behind the step ports. It can crash a run at any journal write and restart the runtime
/// over the same journal.
/// </summary>
internal sealed class LifecycleHarness
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    public const string PoolNumber1 = "+14255550101";
    public const string PoolNumber2 = "+14255550102";

    private readonly InMemoryDurableStore _inner = new();

    private readonly EngineOptions? _options;

    public LifecycleHarness(LifecycleSettings? settings = null, EngineOptions? options = null, params string[] poolNumbers)
    {
        _options = options;
        Settings = settings ?? LifecycleSettings.Default;
        Store = new CrashingStore(_inner);
        _inner.UpdatePoolAsync(s => CallbackPool.AddNumbers(s, poolNumbers.Length == 0 ? [PoolNumber1, PoolNumber2] : poolNumbers)).Wait();
        Directory.Agents["agent-1"] = new("agent-1", "Ana Lima", "8:acs:agent-1", "ops@contoso.com; family@contoso.com");
        Directory.Agents["agent-2"] = new("agent-2", "Ben Okafor", "8:acs:agent-2", "");
        Engine = NewEngine();
    }

    public FakeTimeProvider Clock { get; } = new(T0);

    public LifecycleSettings Settings { get; }

    public CrashingStore Store { get; }

    public FakePresence Presence { get; } = new();

    public FakeDirectory Directory { get; } = new();

    public FakeEmail Email { get; } = new();

    public FakeAlerts Alerts { get; } = new();

    public FakeStepMemory Memory { get; } = new();

    public LifecycleEngine Engine { get; private set; }

    public List<string> StepExecutions { get; } = [];

    /// <summary>A new runtime over the same durable store: what a process restart looks like.</summary>
    public void Restart() => Engine = NewEngine();

    public static OutboundCallPlaced Call(string agent = "agent-1", string number = "911", string country = "US", string callId = "call-1", DateTimeOffset? at = null) =>
        new(agent, $"8:acs:{agent}", number, country, new CallKey(callId, $"corr-{callId}"), at ?? T0, "Building 4");

    public async Task<StartResult?> PlaceAsync(OutboundCallPlaced call)
    {
        var decision = CallEvents.OnPlaced(call, NumberPlan.Default, Settings);
        return decision.Input is null ? null : await Engine.StartAsync(decision.Input);
    }

    /// <summary>The call ends at <paramref name="at"/>; the end is delivered then (virtual time moves there first).</summary>
    public Task<string?> EndAsync(string callId, DateTimeOffset at, CallEndSource source = CallEndSource.Dialer)
    {
        Clock.AdvanceTo(at);
        return Engine.DeliverCallEndAsync(new CallKey(callId, $"corr-{callId}"), new CallEnd(at, source));
    }

    public async Task AdvanceToAsync(DateTimeOffset to)
    {
        Clock.AdvanceTo(to);
        await Engine.RunDueAsync();
    }

    public async Task<InstanceRecord> InstanceAsync(string callId = "call-1") =>
        (await Store.GetInstanceAsync(new CallKey(callId, null).InstanceId))!;

    public async Task<LifecycleOutcome> OutcomeAsync(string callId = "call-1")
    {
        var instance = await InstanceAsync(callId);
        instance.Status.ShouldBe(RuntimeStatus.Completed, instance.Error);
        return DurableJson.Deserialize<LifecycleOutcome>(instance.OutputJson!);
    }

    public async Task<LifecycleStatus> StatusAsync(string callId = "call-1") =>
        DurableJson.Deserialize<LifecycleStatus>((await InstanceAsync(callId)).CustomStatusJson!);

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(string callId = "call-1") =>
        await Store.LoadJournalAsync(new CallKey(callId, null).InstanceId);

    public Task<CallbackPoolState> PoolAsync() => Store.GetPoolAsync();

    private LifecycleEngine NewEngine()
    {
        var steps = new LifecycleSteps(Presence, Directory, Email, Alerts, Memory, NullLogger<LifecycleSteps>.Instance);
        var registry = new StepRegistry()
            .Register(Steps.IdentifyAgent, steps.IdentifyAgentAsync)
            .Register(Steps.SetDoNotDisturb, steps.SetDoNotDisturbAsync)
            .Register(Steps.RestorePresence, steps.RestorePresenceAsync)
            .Register(Steps.SendNotification, steps.SendNotificationAsync)
            .Register(Steps.AlertOperators, steps.AlertOperatorsAsync);
        return new LifecycleEngine(Store, new RecordingExecutor(registry, StepExecutions), Clock, _options);
    }

    private sealed class RecordingExecutor(IStepExecutor inner, List<string> log) : IStepExecutor
    {
        public Task<TResult> ExecuteAsync<TInput, TResult>(Step<TInput, TResult> step, TInput input, CancellationToken cancellationToken)
            where TInput : IStepInput
        {
            log.Add(input.IdempotencyKey);
            return inner.ExecuteAsync(step, input, cancellationToken);
        }
    }
}
