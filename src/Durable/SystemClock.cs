namespace EmergencyFlow.Durable;

/// <summary>Wall-clock time.</summary>
public sealed class SystemClock : IClock
{
    /// <inheritdoc />
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}
