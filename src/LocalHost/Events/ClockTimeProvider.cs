using EmergencyFlow.Durable;

namespace EmergencyFlow.LocalHost.Events;

/// <summary>The runtime's clock as a <see cref="TimeProvider"/>, so shared code reads the same (virtual in tests) time.</summary>
public sealed class ClockTimeProvider(IClock clock) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => clock.UtcNow;
}
