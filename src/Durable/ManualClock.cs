namespace EmergencyFlow.Durable;

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
