using System.Text.Json;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Functions.Callbacks;
using EmergencyFlow.Functions.Lifecycle;
using EmergencyFlow.Hosting.Ops;
using EmergencyFlow.Hosting.Ops.Supervisor;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Functions.Ops;

/// <summary>
/// The supervisor page in Azure: the same embedded files as the local host at <c>/api/supervisor</c>
/// (the page itself holds no data, so it is anonymous), its read model at <c>/api/ops/supervisor</c>
/// (function key, ETag and 304) and the health probes <c>/api/healthz</c> and <c>/api/readyz</c>.
/// Alerts come from the lifecycles' own status (in Azure they are log records, not rows), and routed
/// callbacks are in the logs only, so the page lists none here.
/// </summary>
public sealed partial class SupervisorFunctions(TableStore store, TimeProvider clock, ILogger<SupervisorFunctions> logger)
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

    /// <summary>Everything the page shows; 304 when <c>If-None-Match</c> names the current view.</summary>
    [Function("OpsSupervisor")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/supervisor")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var emergencies = await EmergenciesAsync(client, cancellationToken);
        var names = (await store.ListAgentsAsync(cancellationToken)).ToDictionary(a => a.AgentId, a => a.DisplayName, StringComparer.Ordinal);
        var pool = (await client.Entities.GetEntityAsync<PoolEntityState>(DurableLifecyclePort.PoolEntity, includeState: true, cancellationToken))
            ?.State?.Pool ?? CallbackPoolState.Empty;
        var view = SupervisorView.Build(clock.GetUtcNow(), emergencies, pool, [], [], id => names.GetValueOrDefault(id));

        var etag = view.ETag();
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "no-cache";
        headers[SupervisorRoutes.AsOfHeader] = OpsJson.Timestamp(view.AsOf);
        return SupervisorView.Matches(request.Headers.IfNoneMatch, etag)
            ? new StatusCodeResult(StatusCodes.Status304NotModified)
            : new ContentResult { Content = JsonSerializer.Serialize(view, OpsJson.Options), ContentType = "application/json; charset=utf-8", StatusCode = 200 };
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
            var overdue = (await EmergenciesAsync(client, cancellationToken)).Count(e =>
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

    private static async Task<List<EmergencyView>> EmergenciesAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var views = new List<EmergencyView>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: "emergency-", FetchInputsAndOutputs: true))
            .WithCancellation(cancellationToken))
        {
            views.Add(FunctionsOpsBackend.View(instance));
        }

        return views;
    }

    private static ObjectResult Unready(string reason) =>
        new(new { status = "unready", reason }) { StatusCode = StatusCodes.Status503ServiceUnavailable };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check failed: {Dependency} cannot be read")]
    private partial void LogUnready(Exception ex, string dependency);
}
