namespace EmergencyFlow.LocalHost;

/// <summary>One thing that happened, for people: the demo prints these.</summary>
/// <param name="At">Host time (virtual in the demo).</param>
/// <param name="What">A short sentence; phone numbers and addresses already masked.</param>
public sealed record TimelineEntry(DateTimeOffset At, string What);

/// <summary>An in-process feed of what the local adapters did.</summary>
public sealed class Timeline(TimeProvider clock)
{
    /// <summary>Raised for each entry.</summary>
    public event Action<TimelineEntry>? Added;

    /// <summary>Adds an entry.</summary>
    public void Add(string what) => Added?.Invoke(new TimelineEntry(clock.GetUtcNow(), what));
}
