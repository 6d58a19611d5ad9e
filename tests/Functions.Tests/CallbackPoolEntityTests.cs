using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Functions.Callbacks;
using EmergencyFlow.Hosting.Callbacks;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Tests;

public class CallbackPoolEntityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_Lease_operation_is_dispatched_to_the_domain_decider_and_the_state_is_saved()
    {
        var entity = new CallbackPoolEntity(Options.Create(new FunctionsOptions { SeedPoolNumbers = "+14255550123,+14255550124" }), TimeProvider.System);
        var state = Substitute.For<TaskEntityState>();
        object? saved = null;
        state.GetState(typeof(PoolEntityState)).Returns((object?)null);
        state.When(s => s.SetState(Arg.Any<object?>())).Do(call => saved = call.Arg<object?>());
        var operation = Substitute.For<TaskEntityOperation>();
        operation.Name.Returns("Lease");
        operation.State.Returns(state);
        operation.Context.Returns(Substitute.For<TaskEntityContext>());
        operation.HasInput.Returns(true);
        operation.GetInput(typeof(LeaseRequest)).Returns(new LeaseRequest("agent-1", "8:acs:agent-1", "l1", T0, T0.AddHours(5)));

        var result = await entity.RunAsync(operation);

        var outcome = result.ShouldBeOfType<LeaseOutcome>();
        outcome.Number.ShouldBe("+14255550123");
        var persisted = saved.ShouldBeOfType<PoolEntityState>();
        persisted.Seeded.ShouldBeTrue();
        CallbackPool.Route(persisted.Pool, "+14255550123", T0.AddMinutes(1)).AgentId.ShouldBe("agent-1");
    }
}
