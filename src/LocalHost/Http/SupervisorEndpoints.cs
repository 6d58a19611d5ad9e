using EmergencyFlow.Durable;
using EmergencyFlow.Hosting.Ops;
using EmergencyFlow.Hosting.Ops.Supervisor;
using EmergencyFlow.LocalHost.Storage;

namespace EmergencyFlow.LocalHost.Http;

/// <summary>
/// The supervisor page (<c>/supervisor</c>; its read model <c>/api/ops/supervisor</c> is in the shared ops service),
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

    /// <summary>Maps the page, health probes and the OpenAPI document (the page's read model is an ops route: <see cref="OpsEndpoints"/>).</summary>
    public static void MapSupervisor(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The page links its files relative to /supervisor, which a trailing slash would break (routing treats both as one route).
        app.MapGet(PagePath, (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
            ? Results.Redirect(PagePath)
            : Asset(context, SupervisorAssets.Index)).ExcludeFromDescription();
        app.MapGet(PagePath + "/{file}", (string file, HttpContext context) => Asset(context, file)).ExcludeFromDescription();

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
