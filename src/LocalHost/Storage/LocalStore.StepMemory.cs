namespace EmergencyFlow.LocalHost.Storage;

/// <summary>The step memory port: what a step remembers across retries (first value wins).</summary>
public sealed partial class LocalStore
{
    /// <inheritdoc />
    public Task<string?> RecallAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(db.Query("SELECT value FROM step_memory WHERE key = $key", r => r.GetString(0), ("$key", key)).FirstOrDefault());

    /// <summary>
    /// Queued, not awaited: the writer commits in order, so the step's next awaited write (the
    /// presence it sets) is on disk only with this one. If the batch is lost, both are, and the
    /// retried step finds nothing remembered and nothing changed.
    /// </summary>
    public Task RememberAsync(string key, string value, CancellationToken cancellationToken)
    {
        db.WriteInBackground("INSERT OR IGNORE INTO step_memory (key, value) VALUES ($key, $value)", ("$key", key), ("$value", value));
        return Task.CompletedTask;
    }
}
