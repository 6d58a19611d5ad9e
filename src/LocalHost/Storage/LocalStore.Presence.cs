using System.Collections.Concurrent;
using EmergencyFlow.Domain.Presence;
using static EmergencyFlow.LocalHost.Storage.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The presence port: the local stand-in for the presence service. A set is queued, not awaited:
/// the writer commits in order, so the step's journal entry (written after it) is on disk only
/// with it, and a lost batch loses both. Presence set by this process is read back from memory
/// (one process owns the data directory), so a read never misses a set that is still queued; a set
/// that is lost is dropped from memory too.
/// </summary>
public sealed partial class LocalStore
{
    private readonly ConcurrentDictionary<string, PresenceSnapshot> _presence = new(StringComparer.Ordinal);

    /// <summary>An agent with no presence yet is treated as Available.</summary>
    public Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken) =>
        Task.FromResult(_presence.TryGetValue(agentId, out var set)
            ? set
            : db.Query("SELECT availability, activity FROM presence WHERE agent_id = $id",
                r => new PresenceSnapshot(r.GetString(0), Text(r, 1)), ("$id", agentId)).FirstOrDefault()
                ?? new PresenceSnapshot("Available", "Available"));

    /// <inheritdoc />
    public Task SetAsync(string agentId, string agentIdentity, PresenceSnapshot presence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        _presence[agentId] = presence;

        // A set whose batch is lost must not stay in memory: a retried DND step would read DND back
        // as the presence to restore, and leave the agent in Do Not Disturb after the call. (A batch
        // run again member by member drops it too; its commit puts it back unless a newer set is there.)
        db.WriteInBackground(
            () => _presence.TryRemove(new KeyValuePair<string, PresenceSnapshot>(agentId, presence)),
            () => _presence.TryAdd(agentId, presence),
            """
            INSERT INTO presence (agent_id, availability, activity, updated_at) VALUES ($id, $a, $act, $at)
            ON CONFLICT (agent_id) DO UPDATE SET availability = excluded.availability, activity = excluded.activity, updated_at = excluded.updated_at
            """,
            ("$id", agentId), ("$a", presence.Availability), ("$act", presence.Activity), ("$at", Time(clock.GetUtcNow())));
        timeline.Add($"presence of {agentId} is now {presence.Availability}");
        return Task.CompletedTask;
    }

    /// <summary>Every agent's presence, as stored (the writer is flushed first).</summary>
    public IReadOnlyList<PresenceRow> ListPresence()
    {
        db.Flush();
        return db.Query("SELECT agent_id, availability, activity, updated_at FROM presence ORDER BY agent_id",
            r => new PresenceRow(r.GetString(0), r.GetString(1), Text(r, 2), ParseTime(r.GetString(3))));
    }
}
