using EmergencyFlow.Application.Events;
using EmergencyFlow.Http.Ops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmergencyFlow.Http.Webhook;

/// <summary>
/// The Event Grid webhook's HTTP behaviour, the same in both hosts (each authenticates the caller first, then
/// hands the request here): the CloudEvents OPTIONS handshake, the Event Grid validation handshake, body
/// limits, and the status that tells Event Grid whether to retry (5xx: retried; 400: not retried, the
/// unreadable part is already kept as a dead letter).
/// </summary>
public static class EventGridWebhook
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
    public static Results<Ok, ProblemHttpResult> Handshake(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var origin = request.Headers["WebHook-Request-Origin"].ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return OpsProblems.Problem(StatusCodes.Status400BadRequest, "The WebHook-Request-Origin header is required for the CloudEvents handshake.");
        }

        // Echoed into a response header: only a host name's characters may pass (never control or non-ASCII characters).
        if (origin.Length > 253 || !origin.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '_'))
        {
            return OpsProblems.Problem(StatusCodes.Status400BadRequest,
                "WebHook-Request-Origin must be a host name (ASCII letters, digits, '.', '-', ':', '_'; at most 253 characters).");
        }

        request.HttpContext.Response.Headers["WebHook-Allowed-Origin"] = origin;
        request.HttpContext.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return TypedResults.Ok();
    }

    /// <summary>Handles one delivery.</summary>
    public static async Task<Results<Ok<ValidationAnswer>, Ok<DeliveryAnswer>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, EmergencyEventHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        var (body, refused) = await BoundedBody.ReadAsync(request, DeliveryReader.MaxBodyBytes,
            $"The body is larger than {DeliveryReader.MaxBodyBytes} bytes (Event Grid delivers at most 1 MB per request).");
        if (refused is not null)
        {
            return refused;
        }

        var outcome = await handler.HandleDeliveryAsync(body!, cancellationToken);
        if (outcome.ValidationCode is { } code)
        {
            return TypedResults.Ok(new ValidationAnswer(code));
        }

        if (!outcome.HasUnreadable)
        {
            return TypedResults.Ok(new DeliveryAnswer(outcome.Results));
        }

        var problems = outcome.Results.Where(r => r.Outcome == EventOutcome.Malformed).Select(r => $"Event {r.EventId}: {r.Detail}").ToList();
        if (outcome.Problem is { } problem)
        {
            problems.Insert(0, problem);
        }

        // 400 is not retried by Event Grid: what could not be read is kept as a dead letter; every readable event has run.
        var details = OpsProblems.Details(StatusCodes.Status400BadRequest, "Part of the delivery could not be read.", string.Join(" ", problems));
        details.Extensions["results"] = outcome.Results;
        return TypedResults.Problem(details);
    }

    /// <summary>The answer to Event Grid's validation handshake.</summary>
    /// <param name="ValidationResponse">The code Event Grid sent.</param>
    public sealed record ValidationAnswer(string ValidationResponse);

    /// <summary>The answer to a delivery: what happened to each event.</summary>
    /// <param name="Results">One result per event, in order.</param>
    public sealed record DeliveryAnswer(IReadOnlyList<EventResult> Results);
}
