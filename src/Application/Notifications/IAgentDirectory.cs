using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Application.Notifications;

/// <summary>Agents and the notification template: read by the steps, maintained through the ops API.</summary>
public interface IAgentDirectory
{
    /// <summary>The agent, or null when unknown.</summary>
    Task<AgentProfile?> FindAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>Every agent.</summary>
    Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces an agent.</summary>
    Task SaveAgentAsync(AgentProfile agent, CancellationToken cancellationToken);

    /// <summary>Deletes an agent; false when there was none.</summary>
    Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>The current notification template.</summary>
    Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken);

    /// <summary>Saves a validated template; the next email uses it.</summary>
    Task SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken);
}
