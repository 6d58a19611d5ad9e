using EmergencyFlow.Application.Alerts;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Http.Webhook;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Events;

/// <summary>
/// The Event Grid webhooks as HTTP functions (the subscriptions' WebHook endpoint type). Each has its own
/// function key, which Event Grid sends in the <c>x-functions-key</c> header and the Functions host checks;
/// everything after that is the shared <see cref="EventGridWebhook"/> and <see cref="EmergencyEventHandler"/>.
/// </summary>
public sealed class EventGridFunctions(
    NumberPlan plan,
    IOptions<EmergencyFlowOptions> options,
    ICallRedirector redirector,
    IEventStore store,
    IOperatorAlerts alerts,
    TimeProvider clock,
    ILoggerFactory loggers)
{
    /// <summary>Dialer events, ACS CallEnded, email delivery reports.</summary>
    [Function(FunctionNames.OnCallEvent)]
    public Task<IResult> OnCallEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = EventGridWebhook.Routes.CallEvents)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, client);

    /// <summary>ACS IncomingCall (its own subscription: 2 attempts, 1-minute TTL).</summary>
    [Function(FunctionNames.OnIncomingCall)]
    public Task<IResult> OnIncomingCall(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = EventGridWebhook.Routes.IncomingCalls)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, client);

    /// <summary>The shared handler over this invocation's durable client.</summary>
    public EmergencyEventHandler HandlerFor(DurableTaskClient client) => new(
        new DurableEventHost(client, redirector, store, alerts, options.Value.CallbackFallbackRawId, loggers.CreateLogger<DurableEventHost>()),
        plan, options.Value.Lifecycle, clock, loggers.CreateLogger<EmergencyEventHandler>());

    private async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsOptions(request.Method)
            ? EventGridWebhook.Handshake(request)
            : await EventGridWebhook.HandleAsync(request, HandlerFor(client), request.HttpContext.RequestAborted);
    }
}
