using EmergencyFlow.Domain.Callbacks;

namespace EmergencyFlow.Domain.Tests.Callbacks;

public class CallbackPoolTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    private const string NumberA = "+14255550101";
    private const string NumberB = "+14255550102";

    private static CallbackPoolState PoolOf(params string[] numbers) => CallbackPool.AddNumbers(CallbackPoolState.Empty, numbers).Item1;

    private static LeaseRequest LeaseFor(string agent, string leaseId, DateTimeOffset at, TimeSpan hold) =>
        new(agent, $"8:acs:{agent}", leaseId, at, at + hold);

    [Fact]
    public void A_free_number_is_leased_to_the_agent()
    {
        var (state, outcome) = CallbackPool.Lease(PoolOf(NumberA), LeaseFor("agent-1", "l1", T0, TimeSpan.FromHours(5)));

        outcome.Status.ShouldBe(LeaseStatus.Leased);
        outcome.Number.ShouldBe(NumberA);
        outcome.Reused.ShouldBeFalse();
        outcome.ExpiresAt.ShouldBe(T0.AddHours(5));
        CallbackPool.Route(state, "4:" + NumberA, T0.AddMinutes(1)).AgentId.ShouldBe("agent-1");
    }

    [Fact]
    public void Second_emergency_call_reuses_the_live_callback_number_and_extends_the_lease()
    {
        var (state, first) = CallbackPool.Lease(PoolOf(NumberA, NumberB), LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60)));
        var (_, second) = CallbackPool.Lease(state, LeaseFor("agent-1", "l2", T0.AddMinutes(30), TimeSpan.FromMinutes(60)));

        second.Number.ShouldBe(first.Number);
        second.Reused.ShouldBeTrue();
        second.ExpiresAt.ShouldBe(T0.AddMinutes(90));
    }

    [Fact]
    public void The_older_lifecycles_release_does_not_free_a_lease_a_newer_call_extended()
    {
        var (s1, _) = CallbackPool.Lease(PoolOf(NumberA), LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60)));
        var (s2, _) = CallbackPool.Lease(s1, LeaseFor("agent-1", "l2", T0.AddMinutes(30), TimeSpan.FromMinutes(60)));

        var (s3, change) = CallbackPool.Release(s2, new ReleaseRequest("l1", T0.AddMinutes(60)));

        change.Changed.ShouldBeTrue();
        CallbackPool.Route(s3, NumberA, T0.AddMinutes(61)).Kind.ShouldBe(RouteKind.RingAgent);
        var (s4, _) = CallbackPool.Release(s3, new ReleaseRequest("l2", T0.AddMinutes(90)));
        CallbackPool.Route(s4, NumberA, T0.AddMinutes(91)).Kind.ShouldBe(RouteKind.Fallback);
    }

    [Fact]
    public void A_stale_or_repeated_release_changes_nothing()
    {
        var (leased, _) = CallbackPool.Lease(PoolOf(NumberA), LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60)));
        var (released, _) = CallbackPool.Release(leased, new ReleaseRequest("l1", T0.AddMinutes(60)));

        var (again, change) = CallbackPool.Release(released, new ReleaseRequest("l1", T0.AddMinutes(61)));
        var (unknown, change2) = CallbackPool.Release(released, new ReleaseRequest("never-leased", T0.AddMinutes(61)));

        change.Changed.ShouldBeFalse();
        change2.Changed.ShouldBeFalse();
        again.ShouldBeSameAs(released);
        unknown.ShouldBeSameAs(released);
    }

    [Fact]
    public void Pool_exhaustion_is_an_outcome_not_an_error()
    {
        var (state, _) = CallbackPool.Lease(PoolOf(NumberA), LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60)));

        var (after, outcome) = CallbackPool.Lease(state, LeaseFor("agent-2", "l2", T0.AddMinutes(5), TimeSpan.FromMinutes(60)));

        outcome.Status.ShouldBe(LeaseStatus.Exhausted);
        outcome.Number.ShouldBeNull();
        after.ShouldBeSameAs(state);
    }

    [Fact]
    public void An_expired_lease_frees_its_number_for_another_agent()
    {
        var (state, _) = CallbackPool.Lease(PoolOf(NumberA), LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60)));

        var (_, outcome) = CallbackPool.Lease(state, LeaseFor("agent-2", "l2", T0.AddMinutes(61), TimeSpan.FromMinutes(60)));

        outcome.Number.ShouldBe(NumberA);
        outcome.Reused.ShouldBeFalse();
    }

    [Fact]
    public void The_least_recently_released_number_is_leased_first_so_a_late_callback_rarely_reaches_another_agent()
    {
        var (s1, first) = CallbackPool.Lease(PoolOf(NumberA, NumberB), LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60)));
        var (s2, _) = CallbackPool.Release(s1, new ReleaseRequest("l1", T0.AddMinutes(60)));

        var (_, next) = CallbackPool.Lease(s2, LeaseFor("agent-2", "l2", T0.AddMinutes(61), TimeSpan.FromMinutes(60)));

        first.Number.ShouldBe(NumberA);
        next.Number.ShouldBe(NumberB);
    }

    [Fact]
    public void Repeating_a_lease_request_returns_the_same_number_and_changes_nothing()
    {
        var request = LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60));
        var (state, first) = CallbackPool.Lease(PoolOf(NumberA, NumberB), request);

        var (again, second) = CallbackPool.Lease(state, request);

        second.ShouldBe(first);
        again.ShouldBeSameAs(state);
    }

    [Fact]
    public void Extend_moves_the_callback_window_to_count_from_the_end_of_the_call()
    {
        var (state, _) = CallbackPool.Lease(PoolOf(NumberA), LeaseFor("agent-1", "l1", T0, TimeSpan.FromHours(5)));

        var (extended, change) = CallbackPool.Extend(state, new ExtendRequest("l1", T0.AddMinutes(72), T0.AddMinutes(12)));

        change.Changed.ShouldBeTrue();
        CallbackPool.Route(extended, NumberA, T0.AddMinutes(71)).Kind.ShouldBe(RouteKind.RingAgent);
        CallbackPool.Route(extended, NumberA, T0.AddMinutes(72)).Kind.ShouldBe(RouteKind.Fallback);
    }

    [Theory]
    [InlineData("+14255550999", "Not a callback pool number.")]
    [InlineData("8:acs:someone", "The called party is not a phone number.")]
    public void Calls_to_other_numbers_route_normally(string called, string reason)
    {
        var decision = CallbackPool.Route(PoolOf(NumberA), called, T0);

        decision.Kind.ShouldBe(RouteKind.NormalRouting);
        decision.Reason.ShouldBe(reason);
    }

    [Fact]
    public void A_number_with_a_live_lease_cannot_be_removed_from_the_pool()
    {
        var (state, _) = CallbackPool.Lease(PoolOf(NumberA, NumberB), LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60)));

        var (after, change) = CallbackPool.ReplaceNumbers(state, [NumberB], T0.AddMinutes(1));

        change.Rejected.ShouldBeTrue();
        change.Reason!.ShouldContain("live lease");
        change.Reason!.ShouldNotContain(NumberA);
        after.ShouldBeSameAs(state);
    }

    [Fact]
    public void Replacing_the_pool_keeps_leases_of_numbers_that_stay()
    {
        var (state, _) = CallbackPool.Lease(PoolOf(NumberA), LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60)));

        var (after, change) = CallbackPool.ReplaceNumbers(state, [NumberA, NumberB], T0.AddMinutes(1));

        change.Changed.ShouldBeTrue();
        after.Numbers.Select(n => n.Number).ShouldBe([NumberA, NumberB]);
        CallbackPool.Route(after, NumberA, T0.AddMinutes(2)).AgentId.ShouldBe("agent-1");
    }

    [Fact]
    public void Numbers_that_are_not_E164_are_rejected_with_the_reason()
    {
        var (after, change) = CallbackPool.AddNumbers(CallbackPoolState.Empty, ["+1425555", "4255550123"]);

        change.Rejected.ShouldBeTrue();
        change.Reason!.ShouldContain("E.164");
        after.Numbers.ShouldBeEmpty();
    }

    [Fact]
    public void An_operator_release_frees_the_number_and_the_lifecycles_later_release_is_harmless()
    {
        var (state, _) = CallbackPool.Lease(PoolOf(NumberA), LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60)));

        var (byHand, change) = CallbackPool.ReleaseNumber(state, NumberA, T0.AddMinutes(5));
        var (later, change2) = CallbackPool.Release(byHand, new ReleaseRequest("l1", T0.AddMinutes(60)));

        change.Changed.ShouldBeTrue();
        CallbackPool.Route(byHand, NumberA, T0.AddMinutes(6)).Kind.ShouldBe(RouteKind.Fallback);
        change2.Changed.ShouldBeFalse();
        later.ShouldBeSameAs(byHand);
    }

    [Fact]
    public void A_lease_id_of_another_agent_is_refused_and_never_hands_over_their_number()
    {
        var (state, _) = CallbackPool.Lease(PoolOf(NumberA, NumberB), LeaseFor("agent-1", "l1", T0, TimeSpan.FromMinutes(60)));

        var (after, outcome) = CallbackPool.Lease(state, LeaseFor("agent-2", "l1", T0.AddMinutes(1), TimeSpan.FromMinutes(60)));

        outcome.Status.ShouldBe(LeaseStatus.Refused);
        outcome.Number.ShouldBeNull();
        after.ShouldBeSameAs(state);
    }
}
