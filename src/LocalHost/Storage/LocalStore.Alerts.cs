using EmergencyFlow.Application.Ops;
using EmergencyFlow.Domain.Lifecycle;
using static EmergencyFlow.Sqlite.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>The operator alerts port: one alert per idempotency key.</summary>
public sealed partial class LocalStore
{
    /// <inheritdoc />
    public async Task RaiseAsync(OperatorAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (await db.WriteAsync("INSERT OR IGNORE INTO alerts (key, instance_id, kind, message, raised_at) VALUES ($key, $id, $kind, $msg, $at)",
                ("$key", alert.IdempotencyKey), ("$id", string.IsNullOrEmpty(alert.InstanceId) ? null : alert.InstanceId), ("$kind", alert.Kind.ToString()), ("$msg", alert.Message), ("$at", Time(clock.GetUtcNow()))) == 1)
        {
            timeline.Add($"OPERATOR ALERT {alert.Kind}: {alert.Message}");
        }
    }

    /// <summary>Alerts, newest first.</summary>
    public IReadOnlyList<AlertRow> ListAlerts() =>
        db.Query("SELECT key, instance_id, kind, message, raised_at FROM alerts ORDER BY raised_at DESC",
            r => new AlertRow(r.GetString(0), Text(r, 1), r.GetString(2), r.GetString(3), ParseTime(r.GetString(4))));

    /// <inheritdoc />
    public async Task<AlertAcknowledgement> AcknowledgeAsync(AlertAcknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        if (await db.WriteAsync("INSERT OR IGNORE INTO alert_acks (alert_id, by, note, at) VALUES ($id, $by, $note, $at)",
                ("$id", acknowledgement.AlertId), ("$by", acknowledgement.By), ("$note", acknowledgement.Note), ("$at", Time(acknowledgement.At))) == 1)
        {
            timeline.Add($"alert acknowledged by {acknowledgement.By}");
            return acknowledgement;
        }

        return db.Query("SELECT alert_id, by, note, at FROM alert_acks WHERE alert_id = $id", Acknowledgement, ("$id", acknowledgement.AlertId)).Single();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AlertAcknowledgement>> ListAcknowledgementsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AlertAcknowledgement>>(
            db.Query("SELECT alert_id, by, note, at FROM alert_acks WHERE at >= $since ORDER BY at DESC", Acknowledgement, ("$since", Time(since))));

    private static AlertAcknowledgement Acknowledgement(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), ParseTime(r.GetString(3)));
}
