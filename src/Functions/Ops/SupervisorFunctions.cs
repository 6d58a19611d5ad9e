using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Hosting.Ops.Supervisor;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Ops;

/// <summary>
/// The supervisor page in Azure: the same embedded files as the local host at <c>/api/supervisor</c>
/// (the page itself holds no data, so it is anonymous; its read model is the ops route
/// <c>/api/ops/supervisor</c> in <see cref="OpsFunctions"/>) and the health probes <c>/api/healthz</c> and <c>/api/readyz</c>.
/// </summary>
public sealed partial class SupervisorFunctions(TableStore store, IOptions<FunctionsOptions> options, TimeProvider clock, ILogger<SupervisorFunctions> logger)
{
    /// <summary>A lifecycle whose lease should have been released this long ago means durable timers are not firing.</summary>
    private static readonly TimeSpan TimerGrace = TimeSpan.FromMinutes(5);

    /// <summary>The page and its files (<c>/api/supervisor</c>, <c>/api/supervisor/supervisor.js</c> …).</summary>
    [Function("SupervisorPage")]
    public IActionResult Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "supervisor/{file?}")] HttpRequest request, string? file)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SupervisorAssets.Find(file) is not { } asset)
        {
            return new NotFoundResult();
        }

        foreach (var (name, value) in SupervisorAssets.SecurityHeaders)
        {
            request.HttpContext.Response.Headers[name] = value;
        }

        return new FileContentResult(asset.Content, asset.ContentType);
    }

    /// <summary>Liveness: the worker answers. Nothing is checked or revealed.</summary>
    [Function("Healthz")]
    public static IActionResult Healthz([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new OkObjectResult(new { status = "live" });
    }

    /// <summary>
    /// Readiness (the durable client reaches the task hub through the host, so its failures are not only
    /// Azure.RequestFailedException): the agents table answers, the task hub answers, and no lifecycle is still holding a
    /// lease well past its release time (which would mean durable timers are not firing). 503 with a reason otherwise.
    /// </summary>
    [Function("Readyz")]
    public async Task<IActionResult> Readyz(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "readyz")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        string? reason;
        try
        {
            await store.GetTemplateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUnready(ex, "table storage");
            return Unready("The agents table cannot be read.");
        }

        try
        {
            var now = clock.GetUtcNow();
            var overdue = (await Backend(client).ListEmergenciesAsync(cancellationToken)).Count(e =>
                e.RuntimeStatus == "Running" && e.Stage == LifecycleStage.CallbackWindowOpen && e.LeaseExpiresAt is { } at && at < now - TimerGrace);
            reason = overdue > 0
                ? $"{overdue} lifecycle(s) are past their release time by more than {TimerGrace.TotalMinutes:0} min: durable timers are not firing."
                : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUnready(ex, "task hub");
            return Unready("The task hub cannot be read.");
        }

        return reason is null ? new OkObjectResult(new { status = "ready" }) : Unready(reason);
    }

    private FunctionsOpsBackend Backend(DurableTaskClient client) => new(client, store, options.Value, clock);

    private static ObjectResult Unready(string reason) =>
        new(new { status = "unready", reason }) { StatusCode = StatusCodes.Status503ServiceUnavailable };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check failed: {Dependency} cannot be read")]
    private partial void LogUnready(Exception ex, string dependency);
}
