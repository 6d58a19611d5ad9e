using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Alerts;

namespace EmergencyFlow.Application.Tests.Events;

public class DurableEventHostTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    private readonly DurableTaskClient _client = Substitute.For<DurableTaskClient>("test");
    private readonly ICallRedirector _redirector = Substitute.For<ICallRedirector>();
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly DurableEventHost _host;

    public DurableEventHostTests() =>
        _host = new DurableEventHost(_client, _redirector, _store, Substitute.For<IOperatorAlerts>(), "4:+14255550100",
            NullLogger<DurableEventHost>.Instance);

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running, LifecycleState.Live)]
    [InlineData(OrchestrationRuntimeStatus.Pending, LifecycleState.Live)]
    [InlineData(OrchestrationRuntimeStatus.Suspended, LifecycleState.Live)]
    [InlineData(OrchestrationRuntimeStatus.Completed, LifecycleState.Finished)]
    [InlineData(OrchestrationRuntimeStatus.Failed, LifecycleState.Finished)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, LifecycleState.Finished)]
    public async Task A_lifecycle_is_live_while_its_instance_can_still_run_and_finished_once_it_cannot(OrchestrationRuntimeStatus status, LifecycleState expected)
    {
        InstanceIs("emergency-call-1", status);

        var state = await _host.FindLifecycleAsync("emergency-call-1", CancellationToken.None);

        state.ShouldBe(expected);
    }

    [Fact]
    public async Task A_call_without_an_instance_has_no_lifecycle() =>
        (await _host.FindLifecycleAsync("emergency-call-1", CancellationToken.None)).ShouldBe(LifecycleState.None);

    [Fact]
    public async Task A_lifecycle_is_scheduled_under_the_instance_id_derived_from_the_call()
    {
        var input = Input();

        var started = await _host.StartLifecycleAsync(input, CancellationToken.None);

        started.ShouldBeTrue();
        await _client.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Is<TaskName>(n => n.Name == EmergencyLifecycle.Name), Arg.Is<object?>(input),
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == "emergency-call-1"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_schedule_that_fails_because_a_racing_duplicate_created_the_instance_reports_not_started()
    {
        ScheduleFails();
        InstanceIs("emergency-call-1", OrchestrationRuntimeStatus.Pending);

        var started = await _host.StartLifecycleAsync(Input(), CancellationToken.None);

        started.ShouldBeFalse();
    }

    [Fact]
    public async Task A_schedule_that_fails_with_no_instance_created_is_not_hidden()
    {
        ScheduleFails();

        await Should.ThrowAsync<InvalidOperationException>(() => _host.StartLifecycleAsync(Input(), CancellationToken.None));
    }

    [Fact]
    public async Task A_call_end_is_raised_to_the_lifecycle_as_the_call_ended_event()
    {
        var end = new CallEnd(T0.AddMinutes(12), CallEndSource.Acs);

        await _host.DeliverCallEndAsync("emergency-call-1", new CallKey("call-1", null), end, CancellationToken.None);

        await _client.Received(1).RaiseEventAsync("emergency-call-1", EmergencyLifecycle.CallEndedEvent, end, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_call_end_is_raised_only_after_the_lifecycle_has_started_so_Azure_Storage_cannot_drop_it()
    {
        var end = new CallEnd(T0.AddMinutes(12), CallEndSource.Dialer);

        await _host.DeliverCallEndAsync("emergency-call-1", new CallKey("call-1", null), end, CancellationToken.None);

        Received.InOrder(() =>
        {
            _client.WaitForInstanceStartAsync("emergency-call-1", false, Arg.Any<CancellationToken>());
            _client.RaiseEventAsync("emergency-call-1", EmergencyLifecycle.CallEndedEvent, end, Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task A_lifecycle_that_does_not_start_in_time_fails_the_delivery_without_raising_the_end()
    {
        _client.WaitForInstanceStartAsync("emergency-call-1", false, Arg.Any<CancellationToken>())
            .Returns(Task.FromException<OrchestrationMetadata>(new OperationCanceledException("patience ran out")));

        await Should.ThrowAsync<TimeoutException>(() =>
            _host.DeliverCallEndAsync("emergency-call-1", new CallKey("call-1", null), new CallEnd(T0, CallEndSource.Dialer), CancellationToken.None));

        await _client.DidNotReceive().RaiseEventAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<object?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_call_end_is_kept_for_every_instance_id_the_call_may_start_under()
    {
        var end = new CallEnd(T0, CallEndSource.Acs);

        await _host.KeepCallEndAsync(new CallKey("server-1", "corr-1"), end, CancellationToken.None);

        await _store.Received(1).KeepCallEndAsync("emergency-server-1", end, Arg.Any<CancellationToken>());
        await _store.Received(1).KeepCallEndAsync("emergency-corr-1", end, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_kept_end_is_found_under_any_id_of_the_call_and_stays_until_forgotten_everywhere()
    {
        var end = new CallEnd(T0, CallEndSource.Acs);
        _store.FindCallEndAsync("emergency-other-1", Arg.Any<CancellationToken>()).Returns(end);
        var call = new CallKey("corr-1", "other-1");

        var found = await _host.FindCallEndAsync(call, CancellationToken.None);
        await _store.DidNotReceiveWithAnyArgs().ForgetCallEndAsync(default!, default);
        await _host.ForgetCallEndAsync(call, CancellationToken.None);

        found.ShouldBe(end);
        await _store.Received(1).ForgetCallEndAsync("emergency-corr-1", Arg.Any<CancellationToken>());
        await _store.Received(1).ForgetCallEndAsync("emergency-other-1", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_live_callback_redirects_the_incoming_call_to_the_agent_keyed_by_the_call()
    {
        var call = IncomingCall();

        await _host.RouteCallAsync(call, new RouteDecision(RouteKind.RingAgent, "+14255550123", "agent-1", "8:acs:agent-1", "Live callback."), CancellationToken.None);

        await _redirector.Received(1).RedirectAsync(new CallRedirect("context-1", "8:acs:agent-1", "callback-redirect.callback-1", T0), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_call_for_normal_routing_is_not_redirected()
    {
        await _host.RouteCallAsync(IncomingCall(), new RouteDecision(RouteKind.NormalRouting, "+14255550123", null, null, "Not leased."), CancellationToken.None);

        await _redirector.DidNotReceiveWithAnyArgs().RedirectAsync(default!, default);
    }

    [Fact]
    public async Task A_redelivered_dead_letter_is_stored_under_the_same_key_instead_of_piling_up()
    {
        var letter = new DeadLetter(T0, "e1", "(unknown)", "not JSON", "{oops", "utf-8", false);

        await _host.RecordDeadLetterAsync(letter, CancellationToken.None);
        await _host.RecordDeadLetterAsync(letter with { }, CancellationToken.None);
        await _host.RecordDeadLetterAsync(letter with { Payload = "{other" }, CancellationToken.None);

        var keys = _store.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(IEventStore.RecordDeadLetterAsync))
            .Select(c => (string)c.GetArguments()[1]!)
            .ToList();
        keys.Count.ShouldBe(3);
        keys[1].ShouldBe(keys[0]);
        keys[2].ShouldNotBe(keys[0]);
    }

    private static LifecycleInput Input() => new("emergency-call-1",
        new EmergencyCall(new CallKey("call-1", null), "agent-1", "8:acs:agent-1", "911", "US", "United States", false, T0, null),
        LifecycleSettings.Default, null);

    private static IncomingCallEvent IncomingCall() =>
        new("4:+14255550123", "4:+14255550911", "context-1", new CallKey("callback-1", "corr-9"), T0);

    private void InstanceIs(string instanceId, OrchestrationRuntimeStatus status) =>
        _client.GetInstanceAsync(instanceId, false, Arg.Any<CancellationToken>())
            .Returns(new OrchestrationMetadata(EmergencyLifecycle.Name, instanceId) { RuntimeStatus = status });

    private void ScheduleFails() =>
        _client.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromException<string>(new InvalidOperationException("An orchestration with this instance id already exists.")));
}
