using System.Collections.Concurrent;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Functions;
using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Functions.Events;
using EmergencyFlow.Functions.Tests.Support;
using EmergencyFlow.Hosting.Callbacks;
using EmergencyFlow.Hosting.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Conformance.Tests;

/// <summary>
/// The Functions app's adapters: its event functions' handler over <see cref="FunctionsEventHost"/>,
/// and the real orchestrator and activity function classes on Microsoft's in-process Durable Task test
/// host (<see cref="LifecycleTestHost"/>, shared with tests/Functions.Tests). That host has no virtual
/// clock, so the callback window is zero: its release timer is already due when the call ends.
/// </summary>
public sealed class FunctionsHostUnderTest : IHostUnderTest
{
    private readonly LifecycleTestHost _host;
    private readonly EventGridFunctions _functions;
    private readonly RecordingRedirector _redirector = new();
    private readonly MemoryEventStore _store = new();

    private FunctionsHostUnderTest(LifecycleTestHost host)
    {
        _host = host;
        var options = Options.Create(new FunctionsOptions { CallbackWindowMinutes = 0, CallEndDeadlineHours = 1 });
        _functions = new EventGridFunctions(NumberPlan.Default, options, host.PoolReader, _redirector, _store, host.Alerts, TimeProvider.System,
            NullLoggerFactory.Instance);
    }

    public DateTimeOffset Now => DateTimeOffset.UtcNow;

    public IReadOnlyList<AlertKind> Alerts => [.. _host.Alerts.Raised.Values.Select(a => a.Kind)];

    public int EmailsSent => _host.Email.Delivered.Count;

    public IReadOnlyList<string> Redirects => [.. _redirector.Targets];

    public int DeadLetters => _store.Letters.Count;

    /// <summary>Starts the test host with the scenarios' two agents.</summary>
    public static async Task<FunctionsHostUnderTest> StartAsync() => new(await LifecycleTestHost.StartAsync(
        [
            new AgentProfile(Events.Agent, "Ana Lima", Events.AgentIdentity, "ops-lead@contoso.com; ana.family@contoso.com"),
            new AgentProfile(Events.OtherAgent, "Ben Okafor", Events.OtherAgentIdentity, "ben.family@contoso.com"),
        ]));

    public Task<DeliveryOutcome> DeliverAsync(string body) =>
        _functions.HandlerFor(_host.Client).HandleDeliveryAsync(System.Text.Encoding.UTF8.GetBytes(body), CancellationToken.None);

    public Task<LifecycleStatus> WaitForStageAsync(string instanceId, LifecycleStage stage) => _host.WaitForStageAsync(instanceId, stage);

    public async Task<LifecycleStatus> FinishAsync(string instanceId) => (await _host.FinishAsync(instanceId)).CustomStatus;

    public Task SetPoolAsync(params string[] numbers)
    {
        _host.ReplacePool(numbers);
        return Task.CompletedTask;
    }

    public Task<CallbackPoolState> PoolAsync() => Task.FromResult(_host.Pool);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

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
