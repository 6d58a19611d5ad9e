using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Lifecycle.Tests.Support;
using static EmergencyFlow.Lifecycle.Tests.Support.LifecycleHarness;

namespace EmergencyFlow.Lifecycle.Tests;

/// <summary>
/// Event Grid guarantees neither order nor single delivery: the placed and ended events of many short
/// calls, each delivered twice, arrive at once in a shuffled order on real threads against the real
/// engine. Every lifecycle must get its end (none waits for the deadline) and every agent must be out
/// of Do Not Disturb.
/// </summary>
public class ConcurrentDeliveryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_lifecycle_gets_its_end_whatever_the_order_and_repetition_of_its_deliveries(int seed)
    {
        const int Calls = 24;
        var pool = Enumerable.Range(0, Calls).Select(i => $"+1425555{i:D4}").ToArray();
        await using var h = await LifecycleHarness.StartAsync(null, pool);
        for (var i = 0; i < Calls; i++)
        {
            h.Directory.Agents[$"agent-{i}"] = new($"agent-{i}", $"Agent {i}", $"8:acs:agent-{i}", $"contact{i}@contoso.com");
        }

        var deliveries = Enumerable.Range(0, Calls).SelectMany(i => new Func<Task>[]
        {
            () => h.PlaceAsync(Call(agent: $"agent-{i}", callId: $"call-{i}")),
            () => h.PlaceAsync(Call(agent: $"agent-{i}", callId: $"call-{i}")),
            () => h.EndAsync($"call-{i}", T0, CallEndSource.Dialer, details: Call(agent: $"agent-{i}", callId: $"call-{i}")),
            () => h.EndAsync($"call-{i}", T0, CallEndSource.Acs),
        }).ToArray();
        new Random(seed).Shuffle(deliveries);

        await Task.WhenAll(deliveries.Select(delivery => Task.Run(delivery)));
        await h.AdvanceToAsync(T0.AddMinutes(61));

        for (var i = 0; i < Calls; i++)
        {
            var outcome = await h.OutcomeAsync($"call-{i}");
            outcome.End.ShouldNotBeNull($"call-{i}");
            outcome.End.Source.ShouldNotBe(CallEndSource.Deadline, $"call-{i}");
            h.Presence.Current.GetValueOrDefault($"agent-{i}")?.Availability.ShouldNotBe("DoNotDisturb", $"agent-{i}");
        }

        h.Email.Delivered.Count.ShouldBe(Calls);
    }
}
