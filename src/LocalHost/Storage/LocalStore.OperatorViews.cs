using static EmergencyFlow.Sqlite.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The operator views: routing decisions, the event log and dead letters. Routing
/// and event records are written in the background (a routing decision never waits for a write);
/// their readers flush the writer first, so they still show every record made before the read.
/// </summary>
public sealed partial class LocalStore
{
    /// <summary>Records a routing decision (in the background).</summary>
    public void RecordRouting(RoutingRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        db.WriteInBackground("INSERT INTO routing (at, called, decision, agent_id, target, reason, server_call_id) VALUES ($at, $called, $d, $agent, $target, $reason, $sc)",
            ("$at", Time(row.At)), ("$called", row.CalledMasked), ("$d", row.Decision), ("$agent", row.AgentId), ("$target", row.Target),
            ("$reason", row.Reason), ("$sc", row.ServerCallId));
    }

    /// <summary>Routing decisions, newest first.</summary>
    public IReadOnlyList<RoutingRow> ListRouting()
    {
        db.Flush();
        return db.Query("SELECT at, called, decision, agent_id, target, reason, server_call_id FROM routing ORDER BY id DESC",
            r => new RoutingRow(ParseTime(r.GetString(0)), Text(r, 1), r.GetString(2), Text(r, 3), Text(r, 4), r.GetString(5), Text(r, 6)));
    }

    /// <summary>Records what happened to an event (in the background).</summary>
    public void RecordEvent(EventLogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        db.WriteInBackground("INSERT INTO event_log (at, event_id, event_type, outcome, detail, instance_id) VALUES ($at, $id, $type, $outcome, $detail, $instance)",
            ("$at", Time(row.At)), ("$id", row.EventId), ("$type", row.EventType), ("$outcome", row.Outcome), ("$detail", row.Detail), ("$instance", row.InstanceId));
    }

    /// <summary>Event log, newest first.</summary>
    public IReadOnlyList<EventLogRow> ListEvents(int limit)
    {
        db.Flush();
        return db.Query("SELECT at, event_id, event_type, outcome, detail, instance_id FROM event_log ORDER BY id DESC LIMIT $limit",
            r => new EventLogRow(ParseTime(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Text(r, 5)), ("$limit", limit));
    }

    /// <summary>Dead letters, newest first.</summary>
    public IReadOnlyList<DeadLetterRow> ListDeadLetters() =>
        db.Query("SELECT at, event_id, event_type, reason, payload FROM dead_letters ORDER BY id DESC",
            r => new DeadLetterRow(ParseTime(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));
}
