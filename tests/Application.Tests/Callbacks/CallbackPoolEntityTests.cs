using EmergencyFlow.Domain.Callbacks;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Ops;

using EmergencyFlow.Application.Settings;

namespace EmergencyFlow.Application.Tests.Callbacks;

/// <summary>The pool entity class, tested by dispatching its operations as the Durable entity runtime does.</summary>
public sealed class CallbackPoolEntityTests
{
    private const string Number = "+14255550123";
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    private object? _saved;

    [Fact]
    public async Task The_Lease_operation_is_dispatched_to_the_domain_decider_and_the_state_is_saved()
    {
        var entity = Entity(seed: $"{Number},+14255550124");

        var result = await entity.RunAsync(Operation("Lease", new LeaseRequest("agent-1", "8:acs:agent-1", "l1", T0, T0.AddHours(5)), state: null));

        result.ShouldBeOfType<LeaseOutcome>().Number.ShouldBe(Number);
        var persisted = _saved.ShouldBeOfType<PoolEntityState>();
        persisted.Seeded.ShouldBeTrue();
        CallbackPool.Route(persisted.Pool, Number, T0.AddMinutes(1)).AgentId.ShouldBe("agent-1");
    }

    [Fact]
    public async Task Seed_numbers_are_added_once_so_a_pool_an_operator_emptied_stays_empty()
    {
        var entity = Entity(seed: Number);

        var result = await entity.RunAsync(Operation("Lease", new LeaseRequest("agent-1", "8:acs:agent-1", "l1", T0, T0.AddHours(5)),
            state: new PoolEntityState { Seeded = true }));

        result.ShouldBeOfType<LeaseOutcome>().Status.ShouldBe(LeaseStatus.Exhausted);
    }

    [Fact]
    public async Task An_operator_release_frees_the_number_at_the_entity_clock_time()
    {
        var leased = CallbackPool.Lease(CallbackPool.AddNumbers(CallbackPoolState.Empty, [Number]).Item1,
            new LeaseRequest("agent-1", "8:acs:agent-1", "l1", T0, T0.AddHours(5))).Item1;
        var entity = Entity(seed: string.Empty, clock: new FakeTimeProvider(T0.AddMinutes(30)));

        var result = await entity.RunAsync(Operation("ReleaseNumber", Number, state: new PoolEntityState { Pool = leased, Seeded = true }));

        result.ShouldBeOfType<PoolChange>().Changed.ShouldBeTrue();
        var released = _saved.ShouldBeOfType<PoolEntityState>().Pool.Numbers.ShouldHaveSingleItem();
        released.Lease.ShouldBeNull();
        released.ReleasedAt.ShouldBe(T0.AddMinutes(30));
    }

    [Fact]
    public async Task Replacing_the_pool_is_refused_while_a_number_it_would_drop_has_a_live_lease()
    {
        var leased = CallbackPool.Lease(CallbackPool.AddNumbers(CallbackPoolState.Empty, [Number]).Item1,
            new LeaseRequest("agent-1", "8:acs:agent-1", "l1", T0, T0.AddHours(5))).Item1;
        var entity = Entity(seed: string.Empty, clock: new FakeTimeProvider(T0.AddMinutes(30)));

        var result = await entity.RunAsync(Operation("ReplaceNumbers", new PoolDocument(["+14255550199"]), state: new PoolEntityState { Pool = leased, Seeded = true }));

        var change = result.ShouldBeOfType<PoolChange>();
        change.Rejected.ShouldBeTrue();
        change.Reason.ShouldNotBeNull().ShouldContain("live lease");
    }

    private static CallbackPoolEntity Entity(string seed, TimeProvider? clock = null) =>
        new(Options.Create(new EmergencyFlowOptions { SeedPoolNumbers = seed.Split(',', StringSplitOptions.RemoveEmptyEntries) }), clock ?? TimeProvider.System);

    private TaskEntityOperation Operation(string name, object input, PoolEntityState? state)
    {
        var entityState = Substitute.For<TaskEntityState>();
        entityState.GetState(typeof(PoolEntityState)).Returns(state);
        entityState.When(s => s.SetState(Arg.Any<object?>())).Do(call => _saved = call.Arg<object?>());
        var operation = Substitute.For<TaskEntityOperation>();
        operation.Name.Returns(name);
        operation.State.Returns(entityState);
        operation.Context.Returns(Substitute.For<TaskEntityContext>());
        operation.HasInput.Returns(true);
        operation.GetInput(input.GetType()).Returns(input);
        return operation;
    }
}
