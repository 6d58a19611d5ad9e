using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Presence;

namespace EmergencyFlow.Hosting.Steps;

/// <summary>The presence system (local store, Microsoft Teams through Graph, …).</summary>
public interface IPresenceGateway
{
    /// <summary>The agent's current presence.</summary>
    Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken);

    /// <summary>Sets the agent's presence.</summary>
    Task SetAsync(string agentId, string agentIdentity, PresenceSnapshot presence, CancellationToken cancellationToken);
}

/// <summary>Agents and the notification template, as the ops API maintains them.</summary>
public interface IAgentDirectory
{
    /// <summary>The agent, or null when unknown.</summary>
    Task<AgentProfile?> FindAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>The current notification template.</summary>
    Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken);
}

/// <summary>Sends one notification. Must be idempotent per <see cref="ComposedNotification.IdempotencyKey"/>.</summary>
public interface IEmailSender
{
    /// <summary>Sends (or finds the earlier send of) the message; returns its message id and the recipients the mail service refused.</summary>
    Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken);
}

/// <summary>What the mail service accepted.</summary>
/// <param name="MessageId">The message id delivery reports name.</param>
/// <param name="RefusedRecipients">Recipients the mail service refused while it accepted the others (in clear: callers mask them).</param>
public sealed record EmailReceipt(string MessageId, IReadOnlyList<string> RefusedRecipients)
{
    /// <summary>Every recipient accepted.</summary>
    public static EmailReceipt Accepted(string messageId) => new(messageId, []);
}

/// <summary>Where operator alerts go. Should drop a repeated key.</summary>
public interface IOperatorAlerts
{
    /// <summary>Raises the alert.</summary>
    Task RaiseAsync(OperatorAlert alert, CancellationToken cancellationToken);
}

/// <summary>
/// Small durable memory for steps whose retry must not see its own earlier effect (a retried DND step
/// would otherwise read the DND it set and "restore" it).
/// </summary>
public interface IStepMemory
{
    /// <summary>The value remembered under the key, or null.</summary>
    Task<string?> RecallAsync(string key, CancellationToken cancellationToken);

    /// <summary>Remembers a value under the key; the first value wins.</summary>
    Task RememberAsync(string key, string value, CancellationToken cancellationToken);
}
