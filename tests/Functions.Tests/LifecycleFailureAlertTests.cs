using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Functions.Lifecycle;
using EmergencyFlow.Hosting.Steps;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.Functions.Tests;

public class LifecycleFailureAlertTests
{
    [Fact]
    public async Task When_the_orchestration_fails_operators_are_alerted_and_the_failure_is_kept()
    {
        var context = Substitute.For<TaskOrchestrationContext>();
        var now = new DateTime(2026, 11, 21, 19, 0, 0, DateTimeKind.Utc);
        context.InstanceId.Returns("emergency-call-1");
        context.CurrentUtcDateTime.Returns(now);
        context.GetInput<LifecycleInput>().Returns(new LifecycleInput("emergency-call-1",
            new EmergencyCall(new CallKey("call-1", null), "agent-1", "8:acs:agent-1", "911", "US", "United States", false, now, null),
            LifecycleSettings.Default, null));
        context.CallActivityAsync<PresenceSnapshot>(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(new PresenceSnapshot("Available", "Available"));
        var pool = Substitute.For<IOrchestrationPool>();
        pool.CallAsync<LeaseOutcome>(context, Arg.Any<string>(), Arg.Any<object?>()).Returns<LeaseOutcome>(_ => throw new InvalidOperationException("entity store unavailable"));
        var steps = new LifecycleSteps(Substitute.For<IPresenceGateway>(), Substitute.For<IAgentDirectory>(), Substitute.For<IEmailSender>(),
            Substitute.For<IOperatorAlerts>(), Substitute.For<IStepMemory>(), NullLogger<LifecycleSteps>.Instance);

        await Should.ThrowAsync<InvalidOperationException>(() => new EmergencyFunctions(steps, pool).RunLifecycle(context));

        await context.Received(1).CallActivityAsync<StepDone>(
            Arg.Is<TaskName>(n => n.Name == nameof(Steps.AlertOperators)),
            Arg.Is<object?>(a => a is OperatorAlert && ((OperatorAlert)a).Kind == AlertKind.LifecycleFailed && ((OperatorAlert)a).InstanceId == "emergency-call-1"),
            Arg.Any<TaskOptions?>());
    }
}
