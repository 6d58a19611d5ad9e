using EmergencyFlow.Domain.Presence;
using static EmergencyFlow.Sqlite.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The presence port: the local stand-in for the presence service. A set is on disk before the step
/// that made it completes: the step's completion is committed by the engine in its own file, so a
/// crash can never leave a completed Do Not Disturb step whose presence was not set.
/// </summary>
public sealed partial class LocalStore
{
    /// <summary>An agent with no presence yet is treated as Available.</summary>
    public Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken) =>
        Task.FromResult(
            db.Query("SELECT availability, activity FROM presence WHERE agent_id = $id",
                r => new PresenceSnapshot(r.GetString(0), Text(r, 1)), ("$id", agentId)).FirstOrDefault()
            ?? new PresenceSnapshot("Available", "Available"));

    /// <inheritdoc />
    public async Task SetAsync(string agentId, string agentIdentity, PresenceSnapshot presence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        await db.WriteAsync(
            """
            INSERT INTO presence (agent_id, availability, activity, updated_at) VALUES ($id, $a, $act, $at)
            ON CONFLICT (agent_id) DO UPDATE SET availability = excluded.availability, activity = excluded.activity, updated_at = excluded.updated_at
            """,
            ("$id", agentId), ("$a", presence.Availability), ("$act", presence.Activity), ("$at", Time(clock.GetUtcNow())));
        timeline.Add($"presence of {agentId} is now {presence.Availability}");
    }

    /// <summary>Every agent's presence, as stored.</summary>
    public IReadOnlyList<PresenceRow> ListPresence() =>
        db.Query("SELECT agent_id, availability, activity, updated_at FROM presence ORDER BY agent_id",
            r => new PresenceRow(r.GetString(0), r.GetString(1), Text(r, 2), ParseTime(r.GetString(3))));
}
