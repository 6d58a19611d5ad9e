using EmergencyFlow.Application.Alerts;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Application.Presence;
using EmergencyFlow.Mail;
using EmergencyFlow.Sqlite;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The local host's own data, beside the durable engine's file: what Table storage, Graph and the
/// alert rule hold in Azure. One class, because the ports it serves share one SQLite file and its
/// writer; one file per port (<c>LocalStore.*.cs</c>): presence, the agents directory and template,
/// step memory, operator alerts, the event records (kept call ends, dead letters), the mail log (the outbox index) and
/// the operator views (routing, event log). Writes a step waits for are awaited until they are on
/// disk; operator-view records are written in the background and their readers flush first.
/// </summary>
public sealed partial class LocalStore(SqliteDatabase db, TimeProvider clock, Timeline timeline)
    : IPresenceGateway, IAgentDirectory, IStepMemory, IOperatorAlerts, IEventStore, IOpsRecords, IMailLog, IRecordRetention, IAlertAcknowledgements
{
    /// <summary>The tables (created when missing).</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS presence (agent_id TEXT PRIMARY KEY, availability TEXT NOT NULL, activity TEXT, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS agents (agent_id TEXT PRIMARY KEY, display_name TEXT NOT NULL, acs_identity TEXT NOT NULL, contacts TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS step_memory (key TEXT PRIMARY KEY, value TEXT NOT NULL, written_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alerts (key TEXT PRIMARY KEY, instance_id TEXT, kind TEXT NOT NULL, message TEXT NOT NULL, raised_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alert_acks (alert_id TEXT PRIMARY KEY, by TEXT NOT NULL, note TEXT NOT NULL, at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS call_ends (instance_id TEXT PRIMARY KEY, ended_at TEXT NOT NULL, source TEXT NOT NULL, kept_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS routing (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, called TEXT, decision TEXT NOT NULL,
            agent_id TEXT, target TEXT, reason TEXT NOT NULL, server_call_id TEXT);
        CREATE TABLE IF NOT EXISTS event_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
            outcome TEXT NOT NULL, detail TEXT NOT NULL, instance_id TEXT);
        CREATE TABLE IF NOT EXISTS dead_letters (
            id INTEGER PRIMARY KEY AUTOINCREMENT, row_key TEXT NOT NULL UNIQUE, at TEXT NOT NULL, event_id TEXT NOT NULL,
            event_type TEXT NOT NULL, reason TEXT NOT NULL, payload TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS outbox (
            key TEXT PRIMARY KEY, message_id TEXT NOT NULL, instance_id TEXT, file TEXT NOT NULL,
            recipients INTEGER NOT NULL, refused INTEGER NOT NULL, relay TEXT, written_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_outbox_message ON outbox (message_id);
        """;

    /// <summary>Whether writes, and the outbox's files, are flushed to disk before they are acknowledged.</summary>
    public bool Durable => db.Durable;

    /// <summary>Opens (and creates) the local host's data file.</summary>
    public static SqliteDatabase Open(string path, ILogger logger, bool durable = true) => new(path, Schema, logger, durable);
}
