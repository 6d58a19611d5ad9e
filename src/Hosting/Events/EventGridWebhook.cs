using EmergencyFlow.Hosting.Http;
using Microsoft.AspNetCore.Http;

namespace EmergencyFlow.Hosting.Events;

/// <summary>
/// The Event Grid webhook's HTTP behaviour, the same in both hosts (each authenticates the caller
/// first, with its own key mechanism, then hands the request here): the CloudEvents OPTIONS handshake,
/// the Event Grid validation handshake, body limits, and the status that tells Event Grid whether to
/// retry (5xx: retried; 400: not retried, the unreadable part is already kept as a dead letter).
/// </summary>
public sealed class EventGridWebhook(EmergencyEventHandler handler)
{
    /// <summary>The routes, below <c>/api</c> on both hosts.</summary>
    public static class Routes
    {
        /// <summary>Dialer events, ACS CallEnded, email delivery reports.</summary>
        public const string CallEvents = "events/calls";

        /// <summary>ACS IncomingCall (its own subscription: short retry, a call rings for ~30 s).</summary>
        public const string IncomingCalls = "events/incoming-calls";
    }

    /// <summary>The CloudEvents 1.0 abuse-protection handshake: allow the origin that asks, when its name is a plain host name.</summary>
    public static IResult Handshake(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var origin = request.Headers["WebHook-Request-Origin"].ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return Results.Problem(statusCode: 400, title: "The WebHook-Request-Origin header is required for the CloudEvents handshake.");
        }

        // Echoed into a response header: only a host name's characters may pass (never control or non-ASCII characters).
        if (origin.Length > 253 || !origin.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '_'))
        {
            return Results.Problem(statusCode: 400, title: "WebHook-Request-Origin must be a host name (ASCII letters, digits, '.', '-', ':', '_'; at most 253 characters).");
        }

        request.HttpContext.Response.Headers["WebHook-Allowed-Origin"] = origin;
        request.HttpContext.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return Results.Ok();
    }

    /// <summary>Handles one delivery.</summary>
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, refused) = await BoundedBody.ReadAsync(request, DeliveryReader.MaxBodyBytes,
            $"The body is larger than {DeliveryReader.MaxBodyBytes} bytes (Event Grid delivers at most 1 MB per request).");
        if (refused is not null)
        {
            return refused;
        }

        var outcome = await handler.HandleDeliveryAsync(body!, cancellationToken);
        if (outcome.ValidationCode is { } code)
        {
            return Results.Ok(new { validationResponse = code });
        }

        if (!outcome.HasUnreadable)
        {
            return Results.Ok(new { results = outcome.Results });
        }

        var problems = outcome.Results.Where(r => r.Outcome == EventOutcome.Malformed).Select(r => $"Event {r.EventId}: {r.Detail}").ToList();
        if (outcome.Problem is { } problem)
        {
            problems.Insert(0, problem);
        }

        // 400 is not retried by Event Grid: what could not be read is kept as a dead letter; every readable event has run.
        return Results.Problem(statusCode: 400, title: "Part of the delivery could not be read.", detail: string.Join(" ", problems),
            extensions: new Dictionary<string, object?> { ["results"] = outcome.Results });
    }
}
