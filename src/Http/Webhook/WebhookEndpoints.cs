using EmergencyFlow.Http.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EmergencyFlow.Http.Webhook;

/// <summary>Maps the Event Grid webhooks behind the webhook key, at the Functions app's routes.</summary>
public static class WebhookEndpoints
{
    /// <summary>
    /// Maps <c>/api/events/calls</c> and <c>/api/events/incoming-calls</c> (POST deliveries, OPTIONS for the
    /// CloudEvents handshake); returns the group so a host can add aliases under the same key.
    /// </summary>
    public static RouteGroupBuilder MapEventGridWebhook(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/api").RequireAuthorization(ApiKeySchemes.Webhook).ExcludeFromDescription();
        foreach (var route in new[] { EventGridWebhook.Routes.CallEvents, EventGridWebhook.Routes.IncomingCalls })
        {
            hooks.MapMethods(route, [HttpMethods.Options], (HttpRequest request) => EventGridWebhook.Handshake(request));
            hooks.MapPost(route, (HttpRequest request, Application.Events.EmergencyEventHandler handler, CancellationToken cancellationToken) =>
                EventGridWebhook.HandleAsync(request, handler, cancellationToken));
        }

        return hooks;
    }
}
