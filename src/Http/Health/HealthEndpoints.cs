using EmergencyFlow.Application.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmergencyFlow.Http.Health;

/// <summary>
/// Liveness and readiness, the same rules on both hosts. Liveness checks nothing but that the process answers;
/// readiness runs <see cref="TaskHubHealthCheck"/> and <see cref="DirectoryHealthCheck"/>. Both answer only
/// <c>Healthy</c> or <c>Unhealthy</c> (200 or 503) and are anonymous: a probe learns nothing else.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of readiness checks.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks (the host provides the <see cref="DurableTaskClient"/> and <see cref="IAgentDirectory"/>).</summary>
    public static IHealthChecksBuilder AddEmergencyFlowHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<TaskHubHealthCheck>("task-hub", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<DirectoryHealthCheck>("directory", HealthStatus.Unhealthy, [ReadyTag]);

    /// <summary>Maps <c>/healthz</c> (liveness) and <c>/readyz</c> (readiness).</summary>
    public static void MapEmergencyFlowHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).ExcludeFromDescription();
    }

    /// <summary>
    /// Readiness where no health-check middleware runs (an HTTP-triggered function, whose durable client exists
    /// only for the invocation): the same checks, the same answer.
    /// </summary>
    public static async Task<IResult> ReadinessAsync(DurableTaskClient client, IAgentDirectory directory, CancellationToken cancellationToken)
    {
        IHealthCheck[] checks = [new TaskHubHealthCheck(client), new DirectoryHealthCheck(directory)];
        foreach (var check in checks)
        {
            try
            {
                if ((await check.CheckHealthAsync(new HealthCheckContext(), cancellationToken)).Status != HealthStatus.Healthy)
                {
                    return Unhealthy();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Unhealthy();
            }
        }

        return TypedResults.Text(nameof(HealthStatus.Healthy), "text/plain");
    }

    /// <summary>Liveness where no health-check middleware runs.</summary>
    public static IResult Liveness() => TypedResults.Text(nameof(HealthStatus.Healthy), "text/plain");

    private static IResult Unhealthy() => TypedResults.Text(nameof(HealthStatus.Unhealthy), "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
}
