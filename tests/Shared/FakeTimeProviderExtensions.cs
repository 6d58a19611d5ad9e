using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.Testing;

/// <summary>Virtual time for the tests: one clock abstraction (TimeProvider), Microsoft's fake.</summary>
internal static class FakeTimeProviderExtensions
{
    /// <summary>Moves time to <paramref name="to"/>, never backwards (a test may name a moment already passed).</summary>
    public static void AdvanceTo(this FakeTimeProvider clock, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (to > clock.GetUtcNow())
        {
            clock.SetUtcNow(to);
        }
    }
}
