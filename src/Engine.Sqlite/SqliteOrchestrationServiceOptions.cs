namespace EmergencyFlow.Engine.Sqlite;

/// <summary>How the SQLite provider stores and dispatches work.</summary>
public sealed record SqliteOrchestrationServiceOptions
{
    /// <summary>The database file; created with its folder when missing. One process owns it at a time.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// The clock for everything time-based in the provider: when durable timers and delayed entity
    /// signals become visible, and the created, updated and completed times it writes. Give the engine
    /// the same clock, so that orchestrations, timers and instance times agree. A fake clock for delayed
    /// entity signals must not run ahead of the real one: DurableTask.Core's entity dispatcher checks a
    /// signal's time against <see cref="DateTime.UtcNow"/> and sends one that came "early" back to the
    /// entity, which this provider then delivers again at once, until the real clock catches up.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Orchestration work items processed at once.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 32;

    /// <summary>Activity work items processed at once.</summary>
    public int MaxConcurrentActivities { get; init; } = 32;

    /// <summary>Entity work items processed at once.</summary>
    public int MaxConcurrentEntities { get; init; } = 32;

    /// <summary>
    /// True (the default): every acknowledged write is on disk (<c>synchronous=FULL</c>). False only for
    /// measurements: a power loss may lose acknowledged writes.
    /// </summary>
    public bool Durable { get; init; } = true;

    /// <summary>
    /// Histories of unfinished instances kept in memory, so a work item does not read and parse its
    /// instance's whole history again; beyond this count the least recently used are dropped and read
    /// from the file when needed.
    /// </summary>
    public int MaxCachedHistories { get; init; } = 20_000;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DatabasePath);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentOrchestrations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentEntities, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCachedHistories, 0);
    }
}
