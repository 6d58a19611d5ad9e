using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Application.Presence;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Alerts;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The local adapters' data in the same SQLite file. One class, because the four ports it serves
/// share the file and its writer; one file per port (<c>LocalStore.*.cs</c>): presence, the agents
/// directory and template, step memory, operator alerts, and the operator views (routing, event
/// log, dead letters, outbox index). Writes a step waits for are awaited until they are on disk;
/// operator-view records are written in the background and their readers flush first.
/// </summary>
public sealed partial class LocalStore(SqliteDatabase db, TimeProvider clock, Timeline timeline) : IPresenceGateway, IAgentDirectory, IStepMemory, IOperatorAlerts
{
    /// <summary>Whether writes, and the outbox's files, are flushed to disk before they are acknowledged.</summary>
    public bool Durable => db.Durable;
}
