using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Application.Ops;

/// <summary>
/// What the ops API needs from a host, and nothing it decides: each host implements it over its own
/// storage (the local host over its SQLite engine, Functions over the Durable Task client, the pool
/// entity and Azure Tables). Every decision (validation, status codes, payloads) is in the ops API (EmergencyFlow.Http).
/// </summary>
public interface IOpsBackend
{
    /// <summary>Emergency lifecycles, newest first.</summary>
    Task<IReadOnlyList<EmergencyView>> ListEmergenciesAsync(CancellationToken cancellationToken);

    /// <summary>One emergency lifecycle (with its durable actions where the backend keeps a journal), or null when there is none.</summary>
    Task<EmergencyDetail?> FindEmergencyAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>The callback pool as it is now, with the backend's "now".</summary>
    Task<PoolSnapshot> ReadPoolAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies a pool command (already checked by the caller against a snapshot) or queues it.
    /// Returns the change as applied — it can still be refused if the pool moved since the
    /// snapshot — or null when the command was queued to be applied within seconds.
    /// </summary>
    Task<PoolChange?> ApplyPoolChangeAsync(PoolCommand command, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Every agent.</summary>
    Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken);

    /// <summary>One agent, or null.</summary>
    Task<AgentProfile?> FindAgentAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces an agent.</summary>
    Task SaveAgentAsync(AgentProfile agent, CancellationToken cancellationToken);

    /// <summary>Deletes an agent; false when there was none.</summary>
    Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>The notification template in effect.</summary>
    Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken);

    /// <summary>Saves a validated template.</summary>
    Task SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken);

    /// <summary>Operator alerts the backend keeps as records (Azure keeps them as log records: none here, the lifecycles' statuses still carry theirs).</summary>
    Task<IReadOnlyList<RaisedAlert>> ListAlertsAsync(CancellationToken cancellationToken);

    /// <summary>Callbacks redirected to an agent, where the backend records them (Azure: in the logs only).</summary>
    Task<IReadOnlyList<RoutedCall>> ListRoutedCallbacksAsync(CancellationToken cancellationToken);

    /// <summary>Records an alert's acknowledgement, stamped with the host's clock, unless it has one; returns the one on record.</summary>
    Task<AlertAcknowledgement> AcknowledgeAlertAsync(string alertId, string by, string note, CancellationToken cancellationToken);

    /// <summary>Acknowledgements of the last <paramref name="period"/>, newest first.</summary>
    Task<IReadOnlyList<AlertAcknowledgement>> ListAcknowledgementsAsync(TimeSpan period, CancellationToken cancellationToken);
}

/// <summary>The callback pool read at a time (the time pool decisions are made at).</summary>
public sealed record PoolSnapshot(CallbackPoolState Pool, DateTimeOffset At);

/// <summary>One lifecycle with what the backend knows of it.</summary>
/// <param name="Emergency">The operator view.</param>
/// <param name="Actions">The durable actions in order, where the backend has a journal; null in Azure (see Durable Functions Monitor).</param>
/// <param name="Error">Why the lifecycle failed, when it did.</param>
public sealed record EmergencyDetail(EmergencyView Emergency, IReadOnlyList<EmergencyAction>? Actions, string? Error);

/// <summary>One durable action of a lifecycle.</summary>
public sealed record EmergencyAction(int Sequence, string Kind, string Name, DateTimeOffset RecordedAt, string? Error);

/// <summary>
/// The answer to a pool change: what the domain decided against the current pool. Both hosts answer
/// it with 202 Accepted; <paramref name="Applied"/> says whether it is already in effect (local host)
/// or queued to the pool entity (Azure, within seconds).
/// </summary>
/// <param name="Changed">True when the pool changes.</param>
/// <param name="Reason">Why nothing changes (a repeat), when nothing does.</param>
/// <param name="Applied">True when the change is already in effect.</param>
/// <param name="Pool">The pool as the change leaves it (decided against the pool read for this request).</param>
public sealed record PoolChangeView(bool Changed, string? Reason, bool Applied, IReadOnlyList<PoolNumberView> Pool);
