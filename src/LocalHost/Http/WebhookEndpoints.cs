using EmergencyFlow.Hosting;
using EmergencyFlow.Hosting.Events;

namespace EmergencyFlow.LocalHost.Http;

/// <summary>
/// The Event Grid webhook at the Functions app's routes (<c>/api/events/calls</c>,
/// <c>/api/events/incoming-calls</c>), and at the old Core Tools path
/// (<c>/runtime/webhooks/EventGrid?functionName=…</c>) so existing scripts keep working. Everything
/// after the key check is the shared <see cref="EventGridWebhook"/>.
/// </summary>
public static class WebhookEndpoints
{
    /// <summary>The old path's function names and the routes they now stand for.</summary>
    public static readonly IReadOnlyDictionary<string, string> LegacyFunctionNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [FunctionNames.OnCallEvent] = EventGridWebhook.Routes.CallEvents,
        [FunctionNames.OnIncomingCall] = EventGridWebhook.Routes.IncomingCalls,
    };

    /// <summary>Maps the webhook.</summary>
    public static void MapWebhook(this WebApplication app, HostKeys keys)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var route in new[] { "/api/" + EventGridWebhook.Routes.CallEvents, "/api/" + EventGridWebhook.Routes.IncomingCalls })
        {
            app.MapMethods(route, ["OPTIONS"], (HttpContext context) => Authorized(context, keys) ?? EventGridWebhook.Handshake(context.Request));
            app.MapPost(route, async (HttpContext context, EventGridWebhook webhook) =>
                Authorized(context, keys) ?? await webhook.HandleAsync(context.Request, context.RequestAborted));
        }

        const string legacy = "/runtime/webhooks/EventGrid";
        app.MapMethods(legacy, ["OPTIONS"], (HttpContext context) => Authorized(context, keys) ?? EventGridWebhook.Handshake(context.Request));
        app.MapPost(legacy, async (HttpContext context, EventGridWebhook webhook) =>
        {
            if (Authorized(context, keys) is { } refused)
            {
                return refused;
            }

            var functionName = context.Request.Query["functionName"].ToString();
            return LegacyFunctionNames.ContainsKey(functionName)
                ? await webhook.HandleAsync(context.Request, context.RequestAborted)
                : Results.Problem(statusCode: 404, title: $"Unknown Event Grid function. Known: {string.Join(", ", LegacyFunctionNames.Keys)}.");
        });
    }

    private static IResult? Authorized(HttpContext context, HostKeys keys) => HostKeys.Carries(context.Request, keys.Webhook)
        ? null
        : Results.Problem(statusCode: 401, title: "A valid key is required (query 'code' or header 'x-functions-key').");
}
