using EmergencyFlow.Application.Events;
using EmergencyFlow.Http.Ops;
using EmergencyFlow.Http.Security;
using EmergencyFlow.Http.Webhook;

namespace EmergencyFlow.LocalHost.Http;

/// <summary>
/// The Event Grid webhook at the Functions app's routes (<see cref="WebhookEndpoints.MapEventGridWebhook"/>), and at
/// the old Core Tools path (<c>/runtime/webhooks/EventGrid?functionName=…</c>) so existing scripts keep working,
/// behind the same webhook key.
/// </summary>
public static class LocalWebhookEndpoints
{
    /// <summary>The old path's function names and the routes they now stand for.</summary>
    public static readonly IReadOnlyDictionary<string, string> LegacyFunctionNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [FunctionNames.OnCallEvent] = EventGridWebhook.Routes.CallEvents,
        [FunctionNames.OnIncomingCall] = EventGridWebhook.Routes.IncomingCalls,
    };

    /// <summary>Maps the webhook and its old path.</summary>
    public static void MapLocalWebhook(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapEventGridWebhook();

        const string Legacy = "/runtime/webhooks/EventGrid";
        var legacy = app.MapGroup(Legacy).RequireAuthorization(ApiKeySchemes.Webhook).ExcludeFromDescription();
        legacy.MapMethods(string.Empty, [HttpMethods.Options], (HttpRequest request) => EventGridWebhook.Handshake(request));
        legacy.MapPost(string.Empty, async (HttpRequest request, EmergencyEventHandler handler, CancellationToken cancellationToken) =>
            LegacyFunctionNames.ContainsKey(request.Query["functionName"].ToString())
                ? (IResult)await EventGridWebhook.HandleAsync(request, handler, cancellationToken)
                : OpsProblems.Problem(StatusCodes.Status404NotFound, $"Unknown Event Grid function. Known: {string.Join(", ", LegacyFunctionNames.Keys)}."));
    }
}
