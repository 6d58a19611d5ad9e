using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Functions.Callbacks;
using EmergencyFlow.Functions.Http;
using EmergencyFlow.Hosting;
using EmergencyFlow.Hosting.Callbacks;
using EmergencyFlow.Hosting.Events;
using EmergencyFlow.Hosting.Steps;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Events;

/// <summary>
/// The Event Grid webhooks as HTTP functions (the subscriptions' WebHook endpoint type), authenticated
/// by a function key. Everything after the key check is the shared <see cref="EventGridWebhook"/> and
/// <see cref="EmergencyEventHandler"/>, the same code the local host runs.
/// </summary>
public sealed class EventGridFunctions(
    NumberPlan plan,
    IOptions<FunctionsOptions> options,
    IPoolReader pool,
    ICallRedirector redirector,
    IEventStore store,
    IOperatorAlerts alerts,
    TimeProvider clock,
    ILoggerFactory loggers)
{
    /// <summary>Dialer events, ACS CallEnded, email delivery reports.</summary>
    [Function(FunctionNames.OnCallEvent)]
    public Task<IActionResult> OnCallEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = EventGridWebhook.Routes.CallEvents)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, client);

    /// <summary>ACS IncomingCall to pool numbers (its own subscription: 2 attempts, 1-minute TTL).</summary>
    [Function(FunctionNames.OnIncomingCall)]
    public Task<IActionResult> OnIncomingCall(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = EventGridWebhook.Routes.IncomingCalls)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, client);

    /// <summary>The shared handler over this invocation's durable client.</summary>
    public EmergencyEventHandler HandlerFor(DurableTaskClient client) => new(
        new FunctionsEventHost(client, pool, redirector, store, alerts, loggers.CreateLogger<FunctionsEventHost>()),
        plan, options.Value.Lifecycle, clock, loggers.CreateLogger<EmergencyEventHandler>());

    private async Task<IActionResult> HandleAsync(HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = HttpMethods.IsOptions(request.Method)
            ? EventGridWebhook.Handshake(request)
            : await new EventGridWebhook(HandlerFor(client)).HandleAsync(request, request.HttpContext.RequestAborted);
        return new ResultAction(result);
    }
}
