using EmergencyFlow.Sqlite;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>The step memory port: what a step remembers across retries (first value wins).</summary>
public sealed partial class LocalStore
{
    /// <inheritdoc />
    public Task<string?> RecallAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(db.Query("SELECT value FROM step_memory WHERE key = $key", r => r.GetString(0), ("$key", key)).FirstOrDefault());

    /// <summary>
    /// Awaited until it is on disk: the step goes on to change presence only once what it must restore
    /// is remembered, so a step retried after a crash restores what the agent had, never Do Not Disturb.
    /// </summary>
    public Task RememberAsync(string key, string value, CancellationToken cancellationToken)
    {
        return db.WriteAsync("INSERT OR IGNORE INTO step_memory (key, value, written_at) VALUES ($key, $value, $at)",
            ("$key", key), ("$value", value), ("$at", SqliteDatabase.Time(clock.GetUtcNow())));
    }
}
