using EmergencyFlow.Application.Events;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using static EmergencyFlow.Sqlite.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The event records beside the engine (<see cref="IEventStore"/>: Table storage in Azure): call ends
/// kept until their lifecycle has them, the outbox index, dead letters; and the alert and routing
/// records the ops API lists (<see cref="IOpsRecords"/>).
/// </summary>
public sealed partial class LocalStore
{
    /// <inheritdoc />
    public Task KeepCallEndAsync(string instanceId, CallEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        return db.WriteAsync(
            """
            INSERT INTO call_ends (instance_id, ended_at, source, kept_at) VALUES ($id, $at, $source, $kept)
            ON CONFLICT (instance_id) DO UPDATE SET ended_at = excluded.ended_at, source = excluded.source, kept_at = excluded.kept_at
            """,
            ("$id", instanceId), ("$at", Time(end.At)), ("$source", end.Source.ToString()), ("$kept", Time(clock.GetUtcNow())));
    }

    /// <inheritdoc />
    public Task<CallEnd?> FindCallEndAsync(string instanceId, CancellationToken cancellationToken) =>
        Task.FromResult(db.Query(
            "SELECT ended_at, source FROM call_ends WHERE instance_id = $id",
            r => new CallEnd(ParseTime(r.GetString(0)), Enum.Parse<CallEndSource>(r.GetString(1))),
            ("$id", instanceId)).FirstOrDefault());

    /// <inheritdoc />
    public Task ForgetCallEndAsync(string instanceId, CancellationToken cancellationToken) =>
        db.WriteAsync("DELETE FROM call_ends WHERE instance_id = $id", ("$id", instanceId));

    /// <inheritdoc />
    public Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken) =>
        Task.FromResult(FindOutboxByMessageId(messageId)?.InstanceId);

    /// <inheritdoc />
    /// <remarks>Keyed by the content-derived row key: a redelivered dead letter is kept once.</remarks>
    public Task RecordDeadLetterAsync(DeadLetter letter, string rowKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var reason = letter.Encoding == "utf-8" && !letter.Truncated
            ? letter.Reason
            : $"{letter.Reason} (payload {letter.Encoding}{(letter.Truncated ? ", truncated" : string.Empty)})";
        return db.WriteAsync(
            "INSERT OR IGNORE INTO dead_letters (row_key, at, event_id, event_type, reason, payload) VALUES ($key, $at, $id, $type, $reason, $payload)",
            ("$key", rowKey), ("$at", Time(letter.At)), ("$id", letter.EventId), ("$type", letter.EventType), ("$reason", reason), ("$payload", letter.Payload));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RaisedAlert>> ListAlertsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RaisedAlert>>([.. ListAlerts()
            .Select(a => Enum.TryParse<AlertKind>(a.Kind, out var kind) ? new RaisedAlert(a.InstanceId, kind, a.Message, a.RaisedAt) : null)
            .OfType<RaisedAlert>()]);

    /// <inheritdoc />
    public Task<IReadOnlyList<RoutedCall>> ListRoutedCallbacksAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RoutedCall>>([.. ListRouting()
            .Where(r => r.Decision == nameof(RouteKind.RingAgent) && r.CalledMasked is not null)
            .Select(r => new RoutedCall(r.At, r.CalledMasked!, r.AgentId))]);
}
