using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EmergencyFlow.Http.Supervisor;

/// <summary>Maps the supervisor page (<c>/supervisor</c>); its data comes from the ops route <c>/api/ops/supervisor</c>.</summary>
public static class SupervisorPage
{
    /// <summary>Route of the page.</summary>
    public const string Path = "/supervisor";

    /// <summary>Maps the page and its files. The page holds no data, so it is anonymous.</summary>
    public static void MapSupervisorPage(this IEndpointRouteBuilder app)
    {
        // The page links its files relative to /supervisor, which a trailing slash would break (routing treats both as one route).
        app.MapGet(Path, (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
            ? Results.Redirect(Path)
            : SupervisorAssets.Serve(context, SupervisorAssets.Index)).ExcludeFromDescription();
        app.MapGet(Path + "/{file}", (string file, HttpContext context) => SupervisorAssets.Serve(context, file)).ExcludeFromDescription();
    }
}
