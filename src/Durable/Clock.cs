namespace EmergencyFlow.Durable;

/// <summary>The runtime's source of time: real in the host, virtual in tests and the demo.</summary>
public interface IClock
{
    /// <summary>The current time.</summary>
    DateTimeOffset UtcNow { get; }
}

/// <summary>Wall-clock time.</summary>
public sealed class SystemClock : IClock
{
    /// <inheritdoc />
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}

/// <summary>Virtual time that moves only when told to: tests never sleep.</summary>
public sealed class ManualClock(DateTimeOffset start) : IClock
{
    private long _ticks = start.UtcTicks;

    /// <inheritdoc />
    public DateTimeOffset UtcNow => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    /// <summary>Moves time forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    /// <summary>Moves time to <paramref name="to"/> (never backwards).</summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        if (to > UtcNow)
        {
            Interlocked.Exchange(ref _ticks, to.UtcTicks);
        }
    }
}

/// <summary>Time that runs <paramref name="factor"/> times faster than the wall clock (the demo).</summary>
public sealed class AcceleratedClock(DateTimeOffset start, double factor) : IClock
{
    private DateTimeOffset _realStart = DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public DateTimeOffset UtcNow => start + ((DateTimeOffset.UtcNow - _realStart) * factor);

    /// <summary>Starts counting from <c>start</c> again (after a slow start-up).</summary>
    public void Restart() => _realStart = DateTimeOffset.UtcNow;
}
