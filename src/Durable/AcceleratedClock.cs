namespace EmergencyFlow.Durable;

/// <summary>Time that runs <paramref name="factor"/> times faster than the wall clock (the demo).</summary>
public sealed class AcceleratedClock(DateTimeOffset start, double factor) : IClock
{
    private DateTimeOffset _realStart = DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public DateTimeOffset UtcNow => start + ((DateTimeOffset.UtcNow - _realStart) * factor);

    /// <summary>Starts counting from <c>start</c> again (after a slow start-up).</summary>
    public void Restart() => _realStart = DateTimeOffset.UtcNow;
}
