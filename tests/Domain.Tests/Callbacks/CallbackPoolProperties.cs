using System.Text.Json;
using EmergencyFlow.Domain.Callbacks;
using FsCheck;
using FsCheck.Fluent;

namespace EmergencyFlow.Domain.Tests.Callbacks;

/// <summary>The pool's invariants over thousands of random command sequences.</summary>
public class CallbackPoolProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Numbers = ["+14255550101", "+14255550102", "+14255550103", "+14255550104"];
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(3000).WithEndSize(80);

    /// <summary>Decodes one random integer into a command at a time, so shrinking stays meaningful.</summary>
    private static (PoolCommand Command, DateTimeOffset Now) Decode(int seed, DateTimeOffset now)
    {
        var agent = $"agent-{seed % 5}";
        var lease = $"lease-{(seed / 5) % 12}";
        var number = Numbers[(seed / 60) % Numbers.Length];
        var minutes = (seed / 240) % 150;
        var at = now.AddMinutes((seed / 36_000) % 40);
        PoolCommand command = ((seed / 1_440_000) % 8) switch
        {
            0 or 1 => new PoolCommand.Lease(new LeaseRequest(agent, "8:acs:" + agent, lease, at, at.AddMinutes(minutes))),
            2 => new PoolCommand.Extend(new ExtendRequest(lease, at.AddMinutes(minutes), at)),
            3 or 4 => new PoolCommand.Release(new ReleaseRequest(lease, at)),
            5 => new PoolCommand.ReleaseNumber(number),
            6 => new PoolCommand.RemoveNumbers([number]),
            _ => new PoolCommand.AddNumbers([number]),
        };
        return (command, at);
    }

    [Fact]
    public void No_number_is_ever_leased_to_two_agents_and_every_live_lease_belongs_to_exactly_one_number() =>
        ForAllCommandSequences((before, command, now, after, result) =>
        {
            if (result is LeaseOutcome { Status: LeaseStatus.Leased } leased && command is PoolCommand.Lease lease)
            {
                var previous = before.Numbers.Single(n => n.Number == leased.Number).Lease;
                var takenFromAnother = previous is not null && previous.IsLiveAt(now) && previous.AgentId != lease.Request.AgentId;
                takenFromAnother.ShouldBeFalse($"{leased.Number} was live for {previous?.AgentId} and leased to {lease.Request.AgentId}");
            }

            AssertInvariants(after, now);
        });

    [Fact]
    public void Repeating_any_command_changes_nothing() =>
        ForAllCommandSequences((_, command, now, after, result) =>
        {
            var (again, second) = CallbackPool.Decide(after, command, now);

            Json(again).ShouldBe(Json(after), $"repeating {command} changed the pool");
            if (result is LeaseOutcome)
            {
                Json(second).ShouldBe(Json(result));
            }
        });

    /// <summary>Runs random command sequences against a three-number pool and checks each step.</summary>
    private static void ForAllCommandSequences(Action<CallbackPoolState, PoolCommand, DateTimeOffset, CallbackPoolState, object> check)
    {
        var property = Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 11_519_999))), seeds =>
        {
            var state = CallbackPool.AddNumbers(CallbackPoolState.Empty, Numbers[..3]).Item1;
            var now = T0;
            foreach (var seed in seeds)
            {
                var (command, at) = Decode(seed, now);
                now = at;
                var before = state;
                (state, var result) = CallbackPool.Decide(state, command, now);
                check(before, command, now, state, result);
            }
        });

        Check.One(Runs, property);
    }

    private static void AssertInvariants(CallbackPoolState state, DateTimeOffset now)
    {
        state.Numbers.Select(n => n.Number).ShouldBeUnique();
        var holds = state.Numbers.SelectMany(n => n.Lease?.Holds ?? []).Select(h => h.LeaseId).ToList();
        holds.ShouldBeUnique("a lease id is held on more than one number");
        state.Numbers.Where(n => n.Lease is { Holds.Count: 0 }).ShouldBeEmpty("a lease without holds must be released");
        var liveAgents = state.LiveAt(now).Select(n => n.Lease!.AgentId).ToList();
        liveAgents.ShouldBeUnique("an agent has two live callback numbers");
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
