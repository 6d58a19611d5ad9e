namespace EmergencyFlow.LocalHost.Demo;

/// <summary>
/// Time that runs <paramref name="factor"/> times faster than the wall clock, so the demo plays a 60-minute
/// window in seconds. Timers run fast too: a durable timer due in an hour of this clock fires after an
/// hour divided by the factor, which is how the SQLite provider's timers follow it.
/// </summary>
public sealed class AcceleratedTimeProvider(DateTimeOffset start, double factor) : TimeProvider
{
    private DateTimeOffset _realStart = System.GetUtcNow();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => start + ((System.GetUtcNow() - _realStart) * factor);

    /// <summary>Starts counting from <c>start</c> again (after a slow start-up).</summary>
    public void Restart() => _realStart = System.GetUtcNow();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / factor;

    private sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
