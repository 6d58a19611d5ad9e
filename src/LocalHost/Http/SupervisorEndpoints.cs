using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Durable;
using EmergencyFlow.Hosting.Ops;
using EmergencyFlow.Hosting.Ops.Supervisor;
using EmergencyFlow.LocalHost.Storage;

namespace EmergencyFlow.LocalHost.Http;

/// <summary>
/// The supervisor page (<c>/supervisor</c>), its read model (<c>/api/ops/supervisor</c>, ETag and 304),
/// liveness and readiness (<c>/healthz</c>, <c>/readyz</c>) and the ops API's OpenAPI document (<c>/openapi/v1.json</c>).
/// </summary>
public static class SupervisorEndpoints
{
    /// <summary>Route of the page.</summary>
    public const string PagePath = "/supervisor";

    /// <summary>The services these endpoints need: the ops JSON format (UTC timestamps with Z, enums as words) and OpenAPI.</summary>
    public static IServiceCollection AddSupervisor(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => OpsJson.Apply(o.SerializerOptions));
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/" + OpsRoutes.Prefix, StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "EmergencyFlow ops API";
                document.Info.Description =
                    "The same routes on the local host and the Functions app. Every route needs the ops key in the x-functions-key header; errors are ProblemDetails.";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Maps the page, its read model, health probes and the OpenAPI document.</summary>
    public static void MapSupervisor(this WebApplication app, HostKeys keys)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(keys);

        // The page links its files relative to /supervisor, which a trailing slash would break (routing treats both as one route).
        app.MapGet(PagePath, (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
            ? Results.Redirect(PagePath)
            : Asset(context, SupervisorAssets.Index)).ExcludeFromDescription();
        app.MapGet(PagePath + "/{file}", (string file, HttpContext context) => Asset(context, file)).ExcludeFromDescription();

        app.MapGet("/api/" + SupervisorRoutes.View, async (HttpContext context, IDurableStore durable, LocalStore store, TimeProvider clock) =>
            {
                if (!HostKeys.Carries(context.Request, keys.Ops))
                {
                    return Results.Problem(statusCode: 401, title: "A valid ops key is required (header 'x-functions-key').");
                }

                var view = await BuildViewAsync(durable, store, clock.GetUtcNow());
                return Conditional(context, view);
            })
            .WithSummary("Everything the supervisor page shows")
            .WithDescription("Active and recently finished emergencies, live callback leases with routed callbacks, alerts with what to do, pool counts. "
                + "Numbers are masked. Send If-None-Match with the last ETag: 304 when nothing changed. The server's time is in X-EmergencyFlow-As-Of.")
            .Produces<SupervisorView>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        // Liveness: the process answers. Nothing else is checked or revealed.
        app.MapGet("/healthz", () => Results.Ok(new { status = "live" })).ExcludeFromDescription();
        app.MapGet("/readyz", async (SqliteDatabase db, IDurableStore durable, TimeProvider clock, LocalOptions options) =>
        {
            var reason = await UnreadyReasonAsync(db, durable, clock.GetUtcNow(), options);
            return reason is null
                ? Results.Ok(new { status = "ready" })
                : Results.Json(new { status = "unready", reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();

        app.MapOpenApi();
    }

    /// <summary>How late a due timer may be before readiness fails: a few poll intervals, never under 30 seconds.</summary>
    public static TimeSpan TimerGrace(LocalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TimeSpan.FromMilliseconds(Math.Max(30_000, 5 * options.TimerPollMilliseconds));
    }

    private static async Task<string?> UnreadyReasonAsync(SqliteDatabase db, IDurableStore durable, DateTimeOffset now, LocalOptions options)
    {
        try
        {
            db.Query("SELECT 1", r => r.GetInt64(0));
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return "The database cannot be read.";
        }

        // The timer pump's work is visible in the store: a timer still pending well after it was due means the pump is not running.
        var overdue = await durable.DueInstancesAsync(now - TimerGrace(options));
        return overdue.Count > 0
            ? $"{overdue.Count} lifecycle timer(s) are overdue by more than {TimerGrace(options).TotalSeconds:0} s: the timer pump is not running."
            : null;
    }

    private static async Task<SupervisorView> BuildViewAsync(IDurableStore durable, LocalStore store, DateTimeOffset now)
    {
        var emergencies = (await durable.ListInstancesAsync()).Select(i => EmergencyView.From(
            i.InstanceId, i.Status.ToString(),
            i.CustomStatusJson is null ? null : DurableJson.Deserialize<LifecycleStatus>(i.CustomStatusJson),
            i.CreatedAt, i.UpdatedAt));
        var names = store.ListAgents().ToDictionary(a => a.AgentId, a => a.DisplayName, StringComparer.Ordinal);
        var alerts = store.ListAlerts()
            .Select(a => Enum.TryParse<AlertKind>(a.Kind, out var kind)
                ? new RaisedAlert(string.IsNullOrEmpty(a.InstanceId) || a.InstanceId.StartsWith('(') ? null : a.InstanceId, kind, a.Message, a.RaisedAt)
                : null)
            .OfType<RaisedAlert>();
        var routed = store.ListRouting()
            .Where(r => r.Decision == nameof(Domain.Callbacks.RouteKind.RingAgent) && r.CalledMasked is not null)
            .Select(r => new RoutedCall(r.At, r.CalledMasked!, r.AgentId));
        return SupervisorView.Build(now, emergencies, await durable.GetPoolAsync(), alerts, routed, id => names.GetValueOrDefault(id));
    }

    private static IResult Conditional(HttpContext context, SupervisorView view)
    {
        var etag = view.ETag();
        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "no-cache";
        headers[SupervisorRoutes.AsOfHeader] = OpsJson.Timestamp(view.AsOf);
        return SupervisorView.Matches(context.Request.Headers.IfNoneMatch, etag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Json(view, OpsJson.Options);
    }

    private static IResult Asset(HttpContext context, string file)
    {
        if (SupervisorAssets.Find(file) is not { } asset)
        {
            return Results.NotFound();
        }

        foreach (var (name, value) in SupervisorAssets.SecurityHeaders)
        {
            context.Response.Headers[name] = value;
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
