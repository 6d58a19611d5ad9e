namespace EmergencyFlow.Engine.Sqlite;

/// <summary>
/// The provider's tables. Times are UTC ticks (INTEGER), so comparisons are numeric.
/// <list type="bullet">
/// <item><c>instances</c>: one row per orchestration or entity, its latest execution: what status queries,
/// purges and entity reads need as columns, the whole <c>OrchestrationState</c> as JSON.</item>
/// <item><c>history</c>: the current execution's events in order, one row each, appended by each work item
/// (replaced whole when a new execution starts: continue-as-new, every entity batch, a re-created instance).</item>
/// <item><c>messages</c>: orchestration and entity messages not yet consumed, durable timers and delayed
/// signals included (<c>visible_at</c>); the id is the send order.</item>
/// <item><c>activities</c>: activity invocations not yet completed.</item>
/// </list>
/// </summary>
internal static class Schema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS instances (
            instance_id TEXT PRIMARY KEY,
            execution_id TEXT NOT NULL,
            name TEXT NOT NULL,
            status INTEGER NOT NULL,
            is_entity INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            completed_at INTEGER,
            custom_status TEXT,
            state TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_instances_created ON instances (created_at);
        CREATE TABLE IF NOT EXISTS history (
            instance_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            event TEXT NOT NULL,
            PRIMARY KEY (instance_id, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS messages (
            id INTEGER PRIMARY KEY,
            instance_id TEXT NOT NULL,
            visible_at INTEGER NOT NULL,
            message TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_messages_instance ON messages (instance_id);
        CREATE TABLE IF NOT EXISTS activities (
            id INTEGER PRIMARY KEY,
            instance_id TEXT NOT NULL,
            message TEXT NOT NULL);
        """;

    public const string InsertMessage = "INSERT INTO messages (id, instance_id, visible_at, message) VALUES ($id, $instance, $visible, $message)";
    public const string DeleteMessage = "DELETE FROM messages WHERE id = $id";
    public const string InsertActivity = "INSERT INTO activities (id, instance_id, message) VALUES ($id, $instance, $message)";
    public const string DeleteActivity = "DELETE FROM activities WHERE id = $id";
    public const string InsertEvent = "INSERT INTO history (instance_id, seq, event) VALUES ($instance, $seq, $event)";
    public const string DeleteHistory = "DELETE FROM history WHERE instance_id = $instance";
    public const string DeleteMessagesOf = "DELETE FROM messages WHERE instance_id = $instance";
    public const string DeleteInstance = "DELETE FROM instances WHERE instance_id = $instance";
    public const string ReadHistory = "SELECT event FROM history WHERE instance_id = $instance ORDER BY seq";
    public const string ReadStatus = "SELECT status FROM instances WHERE instance_id = $instance";
    public const string ReadExecution = "SELECT execution_id FROM instances WHERE instance_id = $instance";
    public const string ReadInstance = "SELECT execution_id, status, custom_status, created_at FROM instances WHERE instance_id = $instance";

    public const string UpsertInstance = """
        INSERT INTO instances (instance_id, execution_id, name, status, is_entity, created_at, updated_at, completed_at, custom_status, state)
        VALUES ($instance, $execution, $name, $status, $entity, $created, $updated, $completed, $custom, $state)
        ON CONFLICT (instance_id) DO UPDATE SET
            execution_id = excluded.execution_id, name = excluded.name, status = excluded.status,
            created_at = excluded.created_at, updated_at = excluded.updated_at, completed_at = excluded.completed_at,
            custom_status = excluded.custom_status, state = excluded.state
        """;
}
