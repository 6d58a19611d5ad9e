using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Events;

/// <summary>What the event webhooks keep beside the durable engine (Table storage in Azure, SQLite locally): call ends until their lifecycle has them, the outbox index, dead letters.</summary>
public interface IEventStore
{
    /// <summary>Keeps a call end under an instance id (an upsert: a repeat changes nothing that matters).</summary>
    Task KeepCallEndAsync(string instanceId, CallEnd end, CancellationToken cancellationToken);

    /// <summary>The call end kept under this instance id; null when none.</summary>
    Task<CallEnd?> FindCallEndAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Drops the call end kept under this instance id, if any.</summary>
    Task ForgetCallEndAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>The lifecycle that sent a message, or null.</summary>
    Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Keeps an unreadable event or body whole.</summary>
    Task RecordDeadLetterAsync(DeadLetter letter, string rowKey, CancellationToken cancellationToken);
}
