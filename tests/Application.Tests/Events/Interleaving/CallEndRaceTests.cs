using EmergencyFlow.Application.Events;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Numbers;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.Application.Tests.Events.Interleaving;

/// <summary>
/// Placed and ended deliveries of one short call arrive concurrently, in any order, each possibly more than once:
/// whatever wins the start, the lifecycle must get its end. Every interleaving of the handlers' host calls is
/// played (all of them for two deliveries, a seeded sample for three), so the result does not depend on timing.
/// </summary>
public sealed class CallEndRaceTests
{
    private static readonly DateTimeOffset PlacedAt = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    private static readonly CallKey Both = new("server-call-1", "correlation-1");
    private static readonly CallKey CorrelationOnly = new(null, "correlation-1");

    public static TheoryData<string, string[]> Pairs => new()
    {
        { "both ids", ["placed", "dialer-end"] },
        { "both ids", ["placed", "acs-end"] },
        { "correlation only", ["placed", "acs-end"] },
        { "correlation only", ["placed", "dialer-end"] },
        { "both ids", ["dialer-end", "acs-end"] },
        { "both ids", ["placed", "placed"] },
        { "both ids", ["dialer-end", "dialer-end"] },
    };

    public static TheoryData<string, string[]> Triples => new()
    {
        { "both ids", ["placed", "dialer-end", "acs-end"] },
        { "correlation only", ["placed", "dialer-end", "acs-end"] },
        { "both ids", ["placed", "placed", "acs-end"] },
        { "both ids", ["placed", "dialer-end", "dialer-end"] },
        { "correlation only", ["placed", "acs-end", "acs-end"] },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Every_interleaving_of_two_deliveries_ends_with_one_lifecycle_that_has_its_end(string ids, string[] deliveries)
    {
        var schedules = 0;
        var choices = new List<(int Chosen, int Of)>();
        do
        {
            await PlayAsync(ids, deliveries, Replay(choices));
            schedules++;
        }
        while (NextSchedule(choices));

        schedules.ShouldBeGreaterThan(1);
    }

    [Theory]
    [MemberData(nameof(Triples))]
    public async Task A_thousand_seeded_interleavings_of_three_deliveries_each_end_with_one_lifecycle_that_has_its_end(string ids, string[] deliveries)
    {
        for (var seed = 0; seed < 1000; seed++)
        {
            var random = new Random(seed);
            await PlayAsync(ids, deliveries, runnable => runnable[random.Next(runnable.Count)]);
        }
    }

    private static async Task PlayAsync(string ids, string[] deliveries, Func<IReadOnlyList<int>, int> choose)
    {
        var scheduler = new StepScheduler();
        var world = new InterleavedLifecycles(scheduler);
        var actors = deliveries.Select((delivery, actor) => (Func<Task>)(() => HandlerFor(world.For(actor)).HandleAsync(
            Event(delivery, ids == "both ids" ? Both : CorrelationOnly), null, PlacedAt.AddMinutes(3), CancellationToken.None))).ToList();

        await scheduler.RunAsync(actors, choose);

        world.Lost.ShouldBeEmpty("no end may be raised to an instance that does not exist");
        if (deliveries.Contains("placed") || deliveries.Contains("dialer-end"))
        {
            var lifecycle = world.Instances.ShouldHaveSingleItem().Value;
            if (deliveries.Any(d => d.EndsWith("-end", StringComparison.Ordinal)))
            {
                lifecycle.HasItsEnd.ShouldBeTrue($"the lifecycle must get its end ({string.Join(", ", deliveries)}, {ids})");
            }
        }
    }

    private static EmergencyEventHandler HandlerFor(IEventHost host) =>
        new(host, NumberPlan.Default, LifecycleSettings.Default, TimeProvider.System, NullLogger<EmergencyEventHandler>.Instance);

    private static TranslatedEvent Event(string delivery, CallKey dialerIds)
    {
        var placed = new OutboundCallPlaced("agent-042", "8:acs:agent-042", "911", "US", dialerIds, PlacedAt, null);
        return delivery switch
        {
            "placed" => new TranslatedEvent.CallPlaced("placed-1", EventTypes.OutboundCallPlaced, placed),
            "dialer-end" => new TranslatedEvent.CallEnded("ended-1", EventTypes.OutboundCallEnded,
                new CallEndSignal(dialerIds, PlacedAt.AddMinutes(2), CallEndSource.Dialer, placed)),
            "acs-end" => new TranslatedEvent.CallEnded("acs-1", EventTypes.AcsCallEnded,
                new CallEndSignal(Both, PlacedAt.AddMinutes(2), CallEndSource.Acs, null)),
            _ => throw new ArgumentOutOfRangeException(nameof(delivery), delivery, "Unknown delivery."),
        };
    }

    /// <summary>Replays the recorded choices, then takes the first runnable actor and records that choice.</summary>
    private static Func<IReadOnlyList<int>, int> Replay(List<(int Chosen, int Of)> choices)
    {
        var step = 0;
        return runnable =>
        {
            if (step < choices.Count)
            {
                return runnable[choices[step++].Chosen];
            }

            choices.Add((0, runnable.Count));
            step++;
            return runnable[0];
        };
    }

    /// <summary>Depth-first: the next untried choice at the deepest step that has one.</summary>
    private static bool NextSchedule(List<(int Chosen, int Of)> choices)
    {
        while (choices.Count > 0)
        {
            var (chosen, of) = choices[^1];
            choices.RemoveAt(choices.Count - 1);
            if (chosen + 1 < of)
            {
                choices.Add((chosen + 1, of));
                return true;
            }
        }

        return false;
    }
}
