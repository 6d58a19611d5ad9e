using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Functions.Lifecycle;
using EmergencyFlow.Hosting.Steps;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.Functions.Tests;

public sealed class DurableLifecyclePortTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 19, 0, 0, DateTimeKind.Utc);
    private readonly TaskOrchestrationContext _context = Substitute.For<TaskOrchestrationContext>();
    private readonly TaskOrchestrationEntityFeature _entities = Substitute.For<TaskOrchestrationEntityFeature>();
    private readonly IOrchestrationPool _pool = Substitute.For<IOrchestrationPool>();

    public DurableLifecyclePortTests()
    {
        _context.CurrentUtcDateTime.Returns(Now);
        _context.InstanceId.Returns("emergency-call-1");
        _context.Entities.Returns(_entities);
    }

    [Fact]
    public async Task When_the_call_end_arrives_first_the_deadline_timer_is_cancelled()
    {
        CancellationToken timerToken = default;
        _context.WaitForExternalEvent<CallEnd>(Arg.Is(EmergencyLifecycle.CallEndedEvent), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(new CallEnd(Now.AddMinutes(12), CallEndSource.Acs)));
        _context.CreateTimer(Arg.Any<DateTime>(), Arg.Do<CancellationToken>(t => timerToken = t)).Returns(new TaskCompletionSource().Task);

        var end = await new DurableLifecyclePort(_context, _pool).WaitForCallEndAsync(Now.AddHours(4));

        end.ShouldBe(new CallEnd(Now.AddMinutes(12), CallEndSource.Acs));
        timerToken.IsCancellationRequested.ShouldBeTrue();
    }

    [Fact]
    public async Task When_the_deadline_passes_first_the_wait_for_the_event_is_cancelled_and_the_end_is_the_deadline()
    {
        CancellationToken eventToken = default;
        _context.WaitForExternalEvent<CallEnd>(Arg.Is(EmergencyLifecycle.CallEndedEvent), Arg.Do<CancellationToken>(t => eventToken = t))
            .Returns(new TaskCompletionSource<CallEnd>().Task);
        _context.CreateTimer(Arg.Is(Now.AddHours(4)), Arg.Any<CancellationToken>()).Returns(Task.CompletedTask);

        var end = await new DurableLifecyclePort(_context, _pool).WaitForCallEndAsync(new DateTimeOffset(Now.AddHours(4)));

        end.Source.ShouldBe(CallEndSource.Deadline);
        end.At.ShouldBe(new DateTimeOffset(Now.AddHours(4)));
        eventToken.IsCancellationRequested.ShouldBeTrue();
    }

    [Fact]
    public void The_reported_status_becomes_the_custom_status()
    {
        var status = new LifecycleStatus(LifecycleStage.WaitingForCallEnd, "agent-1", "911", "US", false, Now, "+*********23", null, null, null, null, []);

        new DurableLifecyclePort(_context, _pool).ReportStatus(status);

        _context.Received(1).SetCustomStatus(status);
    }

    [Fact]
    public void The_replay_safe_clock_is_the_orchestration_time_in_UTC() =>
        new DurableLifecyclePort(_context, _pool).UtcNow.ShouldBe(new DateTimeOffset(Now));

    [Fact]
    public async Task Pool_calls_and_signals_go_through_the_orchestration_pool_seam_by_operation_name()
    {
        var lease = new LeaseRequest("agent-1", "8:acs:agent-1", "emergency-call-1.lease", new DateTimeOffset(Now), new DateTimeOffset(Now.AddHours(5)));
        var leased = new LeaseOutcome(LeaseStatus.Leased, "+14255550123", "emergency-call-1.lease", new DateTimeOffset(Now.AddHours(5)), false);
        var release = new ReleaseRequest("emergency-call-1.lease", new DateTimeOffset(Now.AddHours(6)));
        _pool.CallAsync<LeaseOutcome>(_context, "Lease", lease).Returns(leased);
        var port = new DurableLifecyclePort(_context, _pool);

        var outcome = await port.CallPoolAsync(PoolOperations.Lease, lease);
        await port.SignalPoolAsync(PoolOperations.Release, release);

        outcome.ShouldBe(leased);
        await _pool.Received(1).SignalAsync(_context, "Release", release);
        _entities.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_whole_workflow_runs_on_the_adapter_in_eight_durable_actions_with_the_pool_as_the_entity()
    {
        var input = new LifecycleInput("emergency-call-1",
            new EmergencyCall(new CallKey("call-1", null), "agent-1", "8:acs:agent-1", "911", "US", "United States", false, new DateTimeOffset(Now), null),
            LifecycleSettings.Default, null);
        _context.GetInput<LifecycleInput>().Returns(input);
        _context.CallActivityAsync<PresenceSnapshot>(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(new PresenceSnapshot("Available", "Available"));
        _context.CallActivityAsync<NotificationOutcome>(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(new NotificationOutcome(NotificationStatus.Sent, 2, 0, "m-1", "Emailed 2 contact(s)."));
        _context.CallActivityAsync<PresenceRestoreResult>(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(new PresenceRestoreResult(true, new PresenceSnapshot("Available", "Available"), "Restored to Available."));
        _entities.CallEntityAsync<LeaseOutcome>(Arg.Is(DurableLifecyclePort.PoolEntity), Arg.Is("Lease"), Arg.Any<object?>(), Arg.Any<CallEntityOptions?>())
            .Returns(new LeaseOutcome(LeaseStatus.Leased, "+14255550123", "emergency-call-1.lease", new DateTimeOffset(Now.AddHours(5)), false));
        _entities.CallEntityAsync<PoolChange>(Arg.Is(DurableLifecyclePort.PoolEntity), Arg.Is("Extend"), Arg.Any<object?>(), Arg.Any<CallEntityOptions?>())
            .Returns(new PoolChange(true, null));
        _context.WaitForExternalEvent<CallEnd>(Arg.Is(EmergencyLifecycle.CallEndedEvent), Arg.Any<CancellationToken>())
            .Returns(new CallEnd(new DateTimeOffset(Now.AddMinutes(12)), CallEndSource.Dialer));
        _context.CreateTimer(Arg.Any<DateTime>(), Arg.Any<CancellationToken>()).Returns(new TaskCompletionSource().Task, Task.CompletedTask);

        var steps = new LifecycleSteps(Substitute.For<IPresenceGateway>(), Substitute.For<IAgentDirectory>(), Substitute.For<IEmailSender>(),
            Substitute.For<IOperatorAlerts>(), Substitute.For<IStepMemory>(), NullLogger<LifecycleSteps>.Instance);

        var outcome = await new EmergencyFunctions(steps, new EntityOrchestrationPool()).RunLifecycle(_context);

        outcome.FinalStatus.Stage.ShouldBe(LifecycleStage.Completed);
        outcome.CallbackNumber.ShouldBe("+14255550123");
        await _context.Received(1).CallActivityAsync<PresenceSnapshot>(Arg.Is<TaskName>(n => n.Name == "SetDoNotDisturb"), Arg.Any<object?>(), Arg.Any<TaskOptions?>());
        await _context.Received(1).CallActivityAsync<NotificationOutcome>(Arg.Is<TaskName>(n => n.Name == "SendNotification"), Arg.Any<object?>(), Arg.Any<TaskOptions?>());
        await _entities.Received(1).SignalEntityAsync(Arg.Is(DurableLifecyclePort.PoolEntity), Arg.Is("Release"), Arg.Any<object?>(), Arg.Any<SignalEntityOptions?>());
        _context.Received().SetCustomStatus(Arg.Is<LifecycleStatus>(s => s.Stage == LifecycleStage.Completed));
    }
}
