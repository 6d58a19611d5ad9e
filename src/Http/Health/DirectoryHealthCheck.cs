using EmergencyFlow.Application.Notifications;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmergencyFlow.Http.Health;

/// <summary>Ready when the agents directory answers (the notification template is one small read).</summary>
public sealed class DirectoryHealthCheck(IAgentDirectory directory) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await directory.GetTemplateAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
