using System.Text.Json;
using EmergencyFlow.Hosting.Events;

namespace EmergencyFlow.LocalHost.Http;

/// <summary>
/// The Event Grid webhook at the path Core Tools exposes (<c>/runtime/webhooks/EventGrid?functionName=…</c>),
/// so the same samples and scripts drive both hosts.
/// </summary>
public static class WebhookEndpoints
{
    /// <summary>The function names the Functions host exposes for Event Grid.</summary>
    public static readonly IReadOnlySet<string> FunctionNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Hosting.FunctionNames.OnCallEvent, Hosting.FunctionNames.OnIncomingCall,
    };

    /// <summary>Maps the webhook.</summary>
    public static void MapWebhook(this WebApplication app, HostKeys keys)
    {
        ArgumentNullException.ThrowIfNull(app);
        const string path = "/runtime/webhooks/EventGrid";

        // CloudEvents 1.0 webhook validation (abuse protection): echo the origin back.
        app.MapMethods(path, ["OPTIONS"], (HttpContext context) =>
        {
            if (!HostKeys.Carries(context.Request, keys.Webhook))
            {
                return Results.Problem(statusCode: 401, title: "A valid key is required (query 'code' or header 'x-functions-key').");
            }

            var origin = context.Request.Headers["WebHook-Request-Origin"].FirstOrDefault();
            if (string.IsNullOrEmpty(origin))
            {
                return Results.Problem(statusCode: 400, title: "WebHook-Request-Origin header is required for the CloudEvents handshake.");
            }

            context.Response.Headers["WebHook-Allowed-Origin"] = origin;
            context.Response.Headers["WebHook-Allowed-Rate"] = "*";
            return Results.Ok();
        });

        app.MapPost(path, async (HttpContext context, EventProcessor processor) =>
        {
            if (!HostKeys.Carries(context.Request, keys.Webhook))
            {
                return Results.Problem(statusCode: 401, title: "A valid key is required (query 'code' or header 'x-functions-key').");
            }

            var functionName = context.Request.Query["functionName"].FirstOrDefault();
            if (functionName is null || !FunctionNames.Contains(functionName))
            {
                return Results.Problem(statusCode: 404, title: $"Unknown Event Grid function '{functionName}'. Known: {string.Join(", ", FunctionNames)}.");
            }

            var body = await BinaryData.FromStreamAsync(context.Request.Body, context.RequestAborted);
            IReadOnlyList<TranslatedEvent> events;
            try
            {
                events = EventTranslator.TranslateBody(body);
            }
            catch (MalformedDeliveryException ex)
            {
                return Results.Problem(statusCode: 400, title: "Malformed delivery", detail: ex.Message);
            }

            if (events.OfType<TranslatedEvent.SubscriptionValidation>().FirstOrDefault() is { } validation)
            {
                await processor.ProcessAsync(validation);
                return Results.Ok(new { validationResponse = validation.ValidationCode });
            }

            var raw = RawEvents(body);
            var results = new List<EventResult>(events.Count);
            for (var i = 0; i < events.Count; i++)
            {
                results.Add(await processor.ProcessAsync(events[i], i < raw.Count ? raw[i] : null));
            }

            var malformed = results.Where(r => r.Outcome == "Malformed").ToList();
            if (malformed.Count > 0)
            {
                // 400 is not retried by Event Grid: the bad events go to dead-letter; the good ones are already processed.
                return Results.Problem(statusCode: 400, title: "Malformed events",
                    detail: string.Join(" ", malformed.Select(m => $"Event {m.EventId}: {m.Detail}")),
                    extensions: new Dictionary<string, object?> { ["results"] = results });
            }

            return Results.Ok(new { results });
        });
    }

    private static List<string> RawEvents(BinaryData body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList()
            : [document.RootElement.GetRawText()];
    }
}
