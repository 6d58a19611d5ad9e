using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmergencyFlow.Http.Health;

/// <summary>
/// Ready when the durable engine's task hub answers a point read (one instance that never exists): cheap,
/// and it lists nothing, so a probe reveals nothing and costs nothing however often it runs.
/// </summary>
public sealed class TaskHubHealthCheck(DurableTaskClient client) : IHealthCheck
{
    private const string ProbeInstanceId = "emergencyflow-readiness-probe";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await client.GetInstanceAsync(ProbeInstanceId, getInputsAndOutputs: false, cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
