using EmergencyFlow.LocalHost.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmergencyFlow.LocalHost;

/// <summary>Ready when the local engine's database answers.</summary>
public sealed class LocalEngineHealthCheck(SqliteDatabase db) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        db.Query("SELECT 1", r => r.GetInt64(0));
        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
