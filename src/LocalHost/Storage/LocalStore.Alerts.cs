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
}
