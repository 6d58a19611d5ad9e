using EmergencyFlow.Domain.Notifications;
using System.Text.Json;
using EmergencyFlow.Sqlite;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>The agent directory port: agents, their contacts, and the notification template.</summary>
public sealed partial class LocalStore
{
    private const string TemplateKey = "notification-template";
    private NotificationTemplate? _template;

    /// <inheritdoc />
    public Task<AgentProfile?> FindAsync(string agentId, CancellationToken cancellationToken) =>
        Task.FromResult(FindAgent(agentId));

    /// <summary>The agent, or null.</summary>
    public AgentProfile? FindAgent(string agentId) =>
        db.Query("SELECT agent_id, display_name, acs_identity, contacts FROM agents WHERE agent_id = $id", ReadAgent, ("$id", agentId)).FirstOrDefault();

    /// <summary>All agents.</summary>
    public IReadOnlyList<AgentProfile> ListAgents() =>
        db.Query("SELECT agent_id, display_name, acs_identity, contacts FROM agents ORDER BY agent_id", ReadAgent);

    /// <inheritdoc />
    public Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken) => Task.FromResult(ListAgents());

    /// <inheritdoc />
    public Task SaveAgentAsync(AgentProfile agent, CancellationToken cancellationToken) => SaveAgentAsync(agent);

    /// <inheritdoc />
    public Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken) => Task.FromResult(DeleteAgent(agentId));

    /// <inheritdoc />
    public Task SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken)
    {
        SaveTemplate(template);
        return Task.CompletedTask;
    }

    /// <summary>Creates or replaces an agent (waits until it is on disk).</summary>
    public void SaveAgent(AgentProfile agent) => SaveAgentAsync(agent).GetAwaiter().GetResult();

    /// <summary>Creates or replaces an agent.</summary>
    public Task SaveAgentAsync(AgentProfile agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return db.WriteAsync(
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

    /// <summary>The saved template, or the default: read once, then kept (this process is the only writer of the file).</summary>
    public NotificationTemplate GetTemplate() =>
        Volatile.Read(ref _template) ?? CacheTemplate(
            db.Query("SELECT value FROM settings WHERE key = $key", r => JsonSerializer.Deserialize<NotificationTemplate>(r.GetString(0))!, ("$key", TemplateKey))
                .FirstOrDefault() ?? NotificationTemplate.Default);

    /// <summary>Saves a template that was validated; the next email uses it.</summary>
    public void SaveTemplate(NotificationTemplate template) =>
        db.WriteAsync(
            (connection, transaction) => SqliteDatabase.Execute(connection, transaction,
                "INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                ("$key", TemplateKey), ("$value", JsonSerializer.Serialize(template))),
            committed: _ => Volatile.Write(ref _template, template)).GetAwaiter().GetResult(); // in commit order, on the writer thread

    private NotificationTemplate CacheTemplate(NotificationTemplate template)
    {
        Interlocked.CompareExchange(ref _template, template, null);
        return Volatile.Read(ref _template)!;
    }

    private static AgentProfile ReadAgent(Microsoft.Data.Sqlite.SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3));
}
