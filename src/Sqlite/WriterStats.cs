using System.Diagnostics;

namespace EmergencyFlow.Sqlite;

/// <summary>Group-commit figures: how many commits, how many writes they carried, where the writer's time went.</summary>
/// <param name="Commits">Transactions committed.</param>
/// <param name="Writes">Writes they carried.</param>
/// <param name="WorkTicks">Stopwatch ticks running the writes' statements.</param>
/// <param name="CommitTicks">Stopwatch ticks committing (the flush).</param>
public sealed record WriterStats(long Commits, long Writes, long WorkTicks, long CommitTicks)
{
    /// <summary>Nothing yet.</summary>
    public static WriterStats None { get; } = new(0, 0, 0, 0);

    /// <summary>Writes per commit.</summary>
    public double WritesPerCommit => Commits == 0 ? 0 : (double)Writes / Commits;

    /// <summary>Mean time running one batch's statements.</summary>
    public TimeSpan MeanWork => Commits == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, WorkTicks / Commits);

    /// <summary>Mean time of one commit (its flush).</summary>
    public TimeSpan MeanCommit => Commits == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, CommitTicks / Commits);

    /// <summary>Adds one batch.</summary>
    public WriterStats Add(int writes, long workTicks, long commitTicks) =>
        new(Commits + 1, Writes + writes, WorkTicks + workTicks, CommitTicks + commitTicks);

    /// <summary>The figures since <paramref name="earlier"/>.</summary>
    public WriterStats Since(WriterStats earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new(Commits - earlier.Commits, Writes - earlier.Writes, WorkTicks - earlier.WorkTicks, CommitTicks - earlier.CommitTicks);
    }
}
