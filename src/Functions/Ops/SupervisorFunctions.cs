using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Http.Health;
using EmergencyFlow.Http.Supervisor;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EmergencyFlow.Functions.Ops;

/// <summary>
/// The supervisor page in Azure: the same embedded files as the local host at <c>/api/supervisor</c> (the page
/// holds no data, so it is anonymous; its read model is the ops route <c>/api/ops/supervisor</c>), and the health
/// probes <c>/api/healthz</c> and <c>/api/readyz</c> with the local host's rules.
/// </summary>
public sealed class SupervisorFunctions(IAgentDirectory directory)
{
    /// <summary>The page and its files (<c>/api/supervisor</c>, <c>/api/supervisor/supervisor.js</c> …).</summary>
    [Function("SupervisorPage")]
    public static IResult Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "supervisor/{file?}")] HttpRequest request, string? file) =>
        SupervisorAssets.Serve(request?.HttpContext!, file);

    /// <summary>Liveness: the worker answers. Nothing is checked or revealed.</summary>
    [Function("Healthz")]
    public static IResult Healthz([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest _) => HealthEndpoints.Liveness();

    /// <summary>Readiness: the task hub and the agents table answer; only Healthy or Unhealthy is said.</summary>
    [Function("Readyz")]
    public Task<IResult> Readyz([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "readyz")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        HealthEndpoints.ReadinessAsync(client, directory, request?.HttpContext.RequestAborted ?? default);
}
