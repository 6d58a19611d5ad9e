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
    /// <remarks>The local stand-in has no sessions or expiry: Do Not Disturb is the agent's presence until the restore.</remarks>
    public Task SetDoNotDisturbAsync(string agentId, string agentIdentity, TimeSpan holdFor, CancellationToken cancellationToken) =>
        SetAsync(agentId, PresenceSnapshot.DoNotDisturb);

    /// <inheritdoc />
    public Task RestoreAsync(string agentId, string agentIdentity, PresenceSnapshot previous, bool keepAgentsChoice, CancellationToken cancellationToken) =>
        keepAgentsChoice ? Task.CompletedTask : SetAsync(agentId, previous);

    /// <summary>Writes an agent's presence (the steps, and the ops route that simulates an agent changing it).</summary>
    public async Task SetAsync(string agentId, PresenceSnapshot presence)
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
