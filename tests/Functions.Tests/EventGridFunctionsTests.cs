using Azure.Data.Tables;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Functions.Events;
using EmergencyFlow.Functions.Lifecycle;
using EmergencyFlow.Hosting.Callbacks;
using EmergencyFlow.Hosting.Events;
using EmergencyFlow.Hosting.Steps;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.Functions.Tests;

public class EventGridFunctionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    private readonly DurableTaskClient _client = Substitute.For<DurableTaskClient>("test");
    private readonly DurableEntityClient _entities = Substitute.For<DurableEntityClient>("test");
    private readonly ICallRedirector _redirector = Substitute.For<ICallRedirector>();
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly EventGridFunctions _functions;

    public EventGridFunctionsTests()
    {
        _client.Entities.Returns(_entities);
        var options = Options.Create(new FunctionsOptions());
        _functions = new EventGridFunctions(NumberPlan.Default, options, _redirector, new TableStore(Substitute.For<TableClient>()),
            Substitute.For<IOperatorAlerts>(), _clock, NullLogger<EventGridFunctions>.Instance);
    }

    private static TranslatedEvent Placed(string callId = "call-1") => new TranslatedEvent.CallPlaced("e1", EventTypes.OutboundCallPlaced,
        new OutboundCallPlaced("agent-1", "8:acs:agent-1", "911", "US", new CallKey(callId, null), T0, null));

    private static TranslatedEvent IncomingCallTo(string number) => new TranslatedEvent.IncomingCall("e2", EventTypes.AcsIncomingCall,
        new IncomingCallEvent("4:" + number, "4:+14255550911", "context-1", new CallKey("callback-1", null), T0));

    [Fact]
    public async Task An_emergency_call_starts_the_lifecycle_with_the_instance_id_derived_from_the_call()
    {
        var outcome = await _functions.HandleAsync(Placed(), _client, CancellationToken.None);

        outcome.ShouldBe("Started");
        await _client.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Is<TaskName>(n => n.Name == EmergencyLifecycle.Name), Arg.Is<object?>(i => ((LifecycleInput)i!).InstanceId == "emergency-call-1"),
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == "emergency-call-1"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_duplicate_or_late_delivery_finds_the_instance_and_starts_nothing()
    {
        _client.GetInstanceAsync(Arg.Is("emergency-call-1"), Arg.Is(false), Arg.Any<CancellationToken>())
            .Returns(new OrchestrationMetadata(EmergencyLifecycle.Name, "emergency-call-1") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });

        var outcome = await _functions.HandleAsync(Placed(), _client, CancellationToken.None);

        outcome.ShouldBe("Duplicate");
        await _client.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default(StartOrchestrationOptions), default);
    }

    [Fact]
    public async Task A_call_end_is_raised_to_the_running_lifecycle()
    {
        _client.GetInstanceAsync(Arg.Is("emergency-call-1"), Arg.Is(false), Arg.Any<CancellationToken>())
            .Returns(new OrchestrationMetadata(EmergencyLifecycle.Name, "emergency-call-1") { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        var end = new TranslatedEvent.CallEnded("e3", EventTypes.AcsCallEnded, new CallEndSignal(new CallKey("call-1", "corr-1"), T0.AddMinutes(12), CallEndSource.Acs, null));

        var outcome = await _functions.HandleAsync(end, _client, CancellationToken.None);

        outcome.ShouldBe("CallEndDelivered");
        await _client.Received(1).RaiseEventAsync(Arg.Is("emergency-call-1"), Arg.Is(EmergencyLifecycle.CallEndedEvent),
            Arg.Is<object?>(new CallEnd(T0.AddMinutes(12), CallEndSource.Acs)), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_incoming_call_to_a_live_callback_number_is_redirected_to_the_agent()
    {
        PoolWith(LeaseUntil(T0.AddMinutes(60)));

        var outcome = await _functions.HandleAsync(IncomingCallTo("+14255550123"), _client, CancellationToken.None);

        outcome.ShouldBe("RingAgent");
        await _redirector.Received(1).RedirectAsync(
            Arg.Is(new CallRedirect("context-1", "8:acs:agent-1", "callback-redirect.callback-1", T0)), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_incoming_call_to_an_expired_callback_number_is_left_to_normal_routing()
    {
        PoolWith(LeaseUntil(T0.AddMinutes(60)));
        _clock.SetUtcNow(T0.AddMinutes(61));

        var outcome = await _functions.HandleAsync(IncomingCallTo("+14255550123"), _client, CancellationToken.None);

        outcome.ShouldBe("NormalRouting");
        await _redirector.DidNotReceiveWithAnyArgs().RedirectAsync(default!, default);
    }

    private static CallbackPoolState LeaseUntil(DateTimeOffset until)
    {
        var pool = CallbackPool.AddNumbers(CallbackPoolState.Empty, ["+14255550123"]).Item1;
        return CallbackPool.Lease(pool, new LeaseRequest("agent-1", "8:acs:agent-1", "l1", T0, until)).Item1;
    }

    private void PoolWith(CallbackPoolState pool) =>
        _entities.GetEntityAsync<PoolEntityState>(Arg.Is(DurableLifecyclePort.PoolEntity), Arg.Is(true), Arg.Any<CancellationToken>())
            .Returns(new EntityMetadata<PoolEntityState>(DurableLifecyclePort.PoolEntity, new PoolEntityState { Pool = pool, Seeded = true }));
}
