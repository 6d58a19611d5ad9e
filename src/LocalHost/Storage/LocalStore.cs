using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Durable;
using EmergencyFlow.Hosting.Steps;
using static EmergencyFlow.LocalHost.Storage.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>A presence row as the ops API shows it.</summary>
public sealed record PresenceRow(string AgentId, string Availability, string? Activity, DateTimeOffset UpdatedAt);

/// <summary>An operator alert as recorded.</summary>
public sealed record AlertRow(string Key, string? InstanceId, string Kind, string Message, DateTimeOffset RaisedAt);

/// <summary>A routing decision as recorded (numbers masked).</summary>
public sealed record RoutingRow(DateTimeOffset At, string? CalledMasked, string Decision, string? AgentId, string? Target, string Reason, string? ServerCallId);

/// <summary>What happened to one delivered event.</summary>
public sealed record EventLogRow(DateTimeOffset At, string EventId, string EventType, string Outcome, string Detail, string? InstanceId);

/// <summary>An event that could not be read, kept whole for an operator.</summary>
public sealed record DeadLetterRow(DateTimeOffset At, string EventId, string EventType, string Reason, string Payload);

/// <summary>A notification written to the outbox.</summary>
public sealed record OutboxRow(string Key, string MessageId, string? InstanceId, string File, int Recipients, DateTimeOffset WrittenAt);

/// <summary>
/// The local adapters' data in the same SQLite file: presence, the agents directory and template,
/// step memory, alerts, routing decisions, the event log, dead letters and the outbox index.
/// </summary>
public sealed class LocalStore(SqliteDatabase db, IClock clock, Timeline timeline) : IPresenceGateway, IAgentDirectory, IStepMemory, IOperatorAlerts
{
    private const string TemplateKey = "notification-template";

    /// <summary>An agent with no presence yet is treated as Available.</summary>
    public Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken) =>
        Task.FromResult(db.Query("SELECT availability, activity FROM presence WHERE agent_id = $id",
            r => new PresenceSnapshot(r.GetString(0), Text(r, 1)), ("$id", agentId)).FirstOrDefault()
            ?? new PresenceSnapshot("Available", "Available"));

    /// <inheritdoc />
    public Task SetAsync(string agentId, string agentIdentity, PresenceSnapshot presence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        db.Execute(
            """
            INSERT INTO presence (agent_id, availability, activity, updated_at) VALUES ($id, $a, $act, $at)
            ON CONFLICT (agent_id) DO UPDATE SET availability = excluded.availability, activity = excluded.activity, updated_at = excluded.updated_at
            """,
            ("$id", agentId), ("$a", presence.Availability), ("$act", presence.Activity), ("$at", Time(clock.UtcNow)));
        timeline.Add($"presence of {agentId} is now {presence.Availability}");
        return Task.CompletedTask;
    }

    /// <summary>Every agent's presence.</summary>
    public IReadOnlyList<PresenceRow> ListPresence() =>
        db.Query("SELECT agent_id, availability, activity, updated_at FROM presence ORDER BY agent_id",
            r => new PresenceRow(r.GetString(0), r.GetString(1), Text(r, 2), ParseTime(r.GetString(3))));

    /// <inheritdoc />
    public Task<AgentProfile?> FindAsync(string agentId, CancellationToken cancellationToken) =>
        Task.FromResult(FindAgent(agentId));

    /// <summary>The agent, or null.</summary>
    public AgentProfile? FindAgent(string agentId) =>
        db.Query("SELECT agent_id, display_name, acs_identity, contacts FROM agents WHERE agent_id = $id", ReadAgent, ("$id", agentId)).FirstOrDefault();

    /// <summary>All agents.</summary>
    public IReadOnlyList<AgentProfile> ListAgents() =>
        db.Query("SELECT agent_id, display_name, acs_identity, contacts FROM agents ORDER BY agent_id", ReadAgent);

    /// <summary>Creates or replaces an agent.</summary>
    public void SaveAgent(AgentProfile agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        db.Execute(
            """
            INSERT INTO agents (agent_id, display_name, acs_identity, contacts) VALUES ($id, $name, $acs, $contacts)
            ON CONFLICT (agent_id) DO UPDATE SET display_name = excluded.display_name, acs_identity = excluded.acs_identity, contacts = excluded.contacts
            """,
            ("$id", agent.AgentId), ("$name", agent.DisplayName), ("$acs", agent.AcsIdentity), ("$contacts", agent.EmergencyContacts));
    }

    /// <summary>Removes an agent; false when unknown.</summary>
    public bool DeleteAgent(string agentId) => db.Execute("DELETE FROM agents WHERE agent_id = $id", ("$id", agentId)) == 1;

    /// <inheritdoc />
    public Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken) => Task.FromResult(GetTemplate());

    /// <summary>The saved template, or the default.</summary>
    public NotificationTemplate GetTemplate() =>
        db.Query("SELECT value FROM settings WHERE key = $key", r => DurableJson.Deserialize<NotificationTemplate>(r.GetString(0)), ("$key", TemplateKey))
            .FirstOrDefault() ?? NotificationTemplate.Default;

    /// <summary>Saves a template that was validated.</summary>
    public void SaveTemplate(NotificationTemplate template) =>
        db.Execute("INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            ("$key", TemplateKey), ("$value", DurableJson.Serialize(template)));

    /// <inheritdoc />
    public Task<string?> RecallAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(db.Query("SELECT value FROM step_memory WHERE key = $key", r => r.GetString(0), ("$key", key)).FirstOrDefault());

    /// <inheritdoc />
    public Task RememberAsync(string key, string value, CancellationToken cancellationToken)
    {
        db.Execute("INSERT OR IGNORE INTO step_memory (key, value) VALUES ($key, $value)", ("$key", key), ("$value", value));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RaiseAsync(OperatorAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (db.Execute("INSERT OR IGNORE INTO alerts (key, instance_id, kind, message, raised_at) VALUES ($key, $id, $kind, $msg, $at)",
                ("$key", alert.IdempotencyKey), ("$id", string.IsNullOrEmpty(alert.InstanceId) ? null : alert.InstanceId), ("$kind", alert.Kind.ToString()), ("$msg", alert.Message), ("$at", Time(clock.UtcNow))) == 1)
        {
            timeline.Add($"OPERATOR ALERT {alert.Kind}: {alert.Message}");
        }

        return Task.CompletedTask;
    }

    /// <summary>Alerts, newest first.</summary>
    public IReadOnlyList<AlertRow> ListAlerts() =>
        db.Query("SELECT key, instance_id, kind, message, raised_at FROM alerts ORDER BY raised_at DESC",
            r => new AlertRow(r.GetString(0), Text(r, 1), r.GetString(2), r.GetString(3), ParseTime(r.GetString(4))));

    /// <summary>Records a routing decision.</summary>
    public void RecordRouting(RoutingRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        db.Execute("INSERT INTO routing (at, called, decision, agent_id, target, reason, server_call_id) VALUES ($at, $called, $d, $agent, $target, $reason, $sc)",
            ("$at", Time(row.At)), ("$called", row.CalledMasked), ("$d", row.Decision), ("$agent", row.AgentId), ("$target", row.Target),
            ("$reason", row.Reason), ("$sc", row.ServerCallId));
    }

    /// <summary>Routing decisions, newest first.</summary>
    public IReadOnlyList<RoutingRow> ListRouting() =>
        db.Query("SELECT at, called, decision, agent_id, target, reason, server_call_id FROM routing ORDER BY id DESC",
            r => new RoutingRow(ParseTime(r.GetString(0)), Text(r, 1), r.GetString(2), Text(r, 3), Text(r, 4), r.GetString(5), Text(r, 6)));

    /// <summary>Records what happened to an event.</summary>
    public void RecordEvent(EventLogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        db.Execute("INSERT INTO event_log (at, event_id, event_type, outcome, detail, instance_id) VALUES ($at, $id, $type, $outcome, $detail, $instance)",
            ("$at", Time(row.At)), ("$id", row.EventId), ("$type", row.EventType), ("$outcome", row.Outcome), ("$detail", row.Detail), ("$instance", row.InstanceId));
    }

    /// <summary>Event log, newest first.</summary>
    public IReadOnlyList<EventLogRow> ListEvents(int limit) =>
        db.Query("SELECT at, event_id, event_type, outcome, detail, instance_id FROM event_log ORDER BY id DESC LIMIT $limit",
            r => new EventLogRow(ParseTime(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Text(r, 5)), ("$limit", limit));

    /// <summary>Keeps an unreadable event whole (the local dead-letter store).</summary>
    public void RecordDeadLetter(DeadLetterRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        db.Execute("INSERT INTO dead_letters (at, event_id, event_type, reason, payload) VALUES ($at, $id, $type, $reason, $payload)",
            ("$at", Time(row.At)), ("$id", row.EventId), ("$type", row.EventType), ("$reason", row.Reason), ("$payload", row.Payload));
    }

    /// <summary>Dead letters, newest first.</summary>
    public IReadOnlyList<DeadLetterRow> ListDeadLetters() =>
        db.Query("SELECT at, event_id, event_type, reason, payload FROM dead_letters ORDER BY id DESC",
            r => new DeadLetterRow(ParseTime(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));

    /// <summary>The outbox entry of a key, or null.</summary>
    public OutboxRow? FindOutbox(string key) =>
        db.Query("SELECT key, message_id, instance_id, file, recipients, written_at FROM outbox WHERE key = $key", ReadOutbox, ("$key", key)).FirstOrDefault();

    /// <summary>The outbox entry of a message id, or null.</summary>
    public OutboxRow? FindOutboxByMessageId(string messageId) =>
        db.Query("SELECT key, message_id, instance_id, file, recipients, written_at FROM outbox WHERE message_id = $m", ReadOutbox, ("$m", messageId)).FirstOrDefault();

    /// <summary>Indexes a written message.</summary>
    public void RecordOutbox(OutboxRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        db.Execute("INSERT OR IGNORE INTO outbox (key, message_id, instance_id, file, recipients, written_at) VALUES ($key, $m, $i, $f, $n, $at)",
            ("$key", row.Key), ("$m", row.MessageId), ("$i", row.InstanceId), ("$f", row.File), ("$n", row.Recipients), ("$at", Time(row.WrittenAt)));
    }

    /// <summary>Outbox, newest first.</summary>
    public IReadOnlyList<OutboxRow> ListOutbox() =>
        db.Query("SELECT key, message_id, instance_id, file, recipients, written_at FROM outbox ORDER BY written_at DESC", ReadOutbox);

    private static AgentProfile ReadAgent(Microsoft.Data.Sqlite.SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3));

    private static OutboxRow ReadOutbox(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), Text(r, 2), r.GetString(3), r.GetInt32(4), ParseTime(r.GetString(5)));
}
