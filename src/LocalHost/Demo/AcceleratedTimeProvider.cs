namespace EmergencyFlow.LocalHost.Demo;

/// <summary>Time that runs <paramref name="factor"/> times faster than the wall clock, so the demo plays a 60-minute window in seconds.</summary>
public sealed class AcceleratedTimeProvider(DateTimeOffset start, double factor) : TimeProvider
{
    private DateTimeOffset _realStart = System.GetUtcNow();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => start + ((System.GetUtcNow() - _realStart) * factor);

    /// <summary>Starts counting from <c>start</c> again (after a slow start-up).</summary>
    public void Restart() => _realStart = System.GetUtcNow();
}
