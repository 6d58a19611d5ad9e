using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Events;

/// <summary>What the event webhooks keep in Table storage: early call ends, the outbox index, dead letters.</summary>
public interface IEventStore
{
    /// <summary>Keeps a call end that arrived before its lifecycle.</summary>
    Task KeepEarlyEndAsync(string instanceId, CallEnd end, CancellationToken cancellationToken);

    /// <summary>The call end kept for this instance id, removed as it is taken; null when none.</summary>
    Task<CallEnd?> TakeEarlyEndAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>The lifecycle that sent a message, or null.</summary>
    Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Keeps an unreadable event or body whole.</summary>
    Task RecordDeadLetterAsync(DeadLetter letter, string rowKey, CancellationToken cancellationToken);
}
