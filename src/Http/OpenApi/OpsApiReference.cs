using System.Globalization;
using EmergencyFlow.Http.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace EmergencyFlow.Http.OpenApi;

/// <summary>
/// The ops API's interactive reference: Scalar over <see cref="OpsOpenApi.DocumentPath"/>, from the assets embedded in
/// Scalar.AspNetCore (no CDN, no fonts, no telemetry, no AI agent, no links to Scalar's services), under a Content-Security-Policy as strict as Scalar
/// allows. "Try it" sends the ops key in its header, as the document's security scheme says, never in the address, and
/// forgets it with the tab (no persisted authentication).
/// </summary>
public static class OpsApiReference
{
    /// <summary>Where the reference is served; the document's page is <c>{Path}/v1</c>.</summary>
    public const string Path = "/api-reference";

    /// <summary>
    /// Like the supervisor page's, but Scalar's bootstrap script is inline (allowed by its per-request nonce) and it
    /// styles its components inline, so styles need 'unsafe-inline'. Requests go to this origin only.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self' 'nonce-{0}'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Maps the reference at <see cref="Path"/>.</summary>
    public static IEndpointConventionBuilder MapOpsApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, options => options
                .WithTitle("EmergencyFlow ops API")
                .WithOpenApiRoutePattern(OpsOpenApi.DocumentPath)
                .AddPreferredSecuritySchemes(ApiKeySchemes.Ops)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .WithNonce())
            .AddEndpointFilter(async (context, next) =>
            {
                var response = context.HttpContext.Response;
                response.OnStarting(() =>
                {
                    var nonce = context.HttpContext.Items[ScalarOptions.NonceHttpContextItemKey] as string ?? "none";
                    response.Headers.ContentSecurityPolicy = string.Format(CultureInfo.InvariantCulture, ContentSecurityPolicy, nonce);
                    response.Headers.XContentTypeOptions = "nosniff";
                    response.Headers["Referrer-Policy"] = "no-referrer";
                    return Task.CompletedTask;
                });
                return await next(context);
            });
}
