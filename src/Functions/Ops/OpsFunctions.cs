using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Functions.Lifecycle;
using EmergencyFlow.Hosting.Callbacks;
using EmergencyFlow.Hosting.Ops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EmergencyFlow.Functions.Ops;

/// <summary>
/// The ops API under <c>/api/ops</c>, the same routes and payloads as the local host. Function-level
/// authorization: every call needs a function or host key (<c>x-functions-key</c> or <c>code</c>).
/// Pool changes are signals to the pool entity: they answer 202 once the domain has accepted them
/// against the current state.
/// </summary>
public sealed class OpsFunctions(TableStore store, TimeProvider clock)
{
    private const string Ops = OpsRoutes.Prefix;

    /// <summary>Emergency lifecycles, newest first.</summary>
    [Function("OpsListEmergencies")]
    public async Task<IActionResult> ListEmergencies(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Ops + "/emergencies")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        var views = new List<EmergencyView>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: "emergency-", FetchInputsAndOutputs: true))
            .WithCancellation(request.HttpContext.RequestAborted))
        {
            views.Add(View(instance));
        }

        return new OkObjectResult(views.OrderByDescending(v => v.CreatedAt));
    }

    /// <summary>One lifecycle. Its durable history is in Durable Functions Monitor.</summary>
    [Function("OpsGetEmergency")]
    public async Task<IActionResult> GetEmergency(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Ops + "/emergencies/{instanceId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string instanceId)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, request.HttpContext.RequestAborted);
        return instance is null
            ? Problem(404, $"No emergency lifecycle '{instanceId}'.")
            : new OkObjectResult(new { emergency = View(instance), actions = (object?)null, error = instance.FailureDetails?.ErrorMessage });
    }

    /// <summary>Live callback leases.</summary>
    [Function("OpsListLeases")]
    public async Task<IActionResult> ListLeases(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Ops + "/leases")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        new OkObjectResult(LeaseView.LiveIn(await PoolAsync(client, request), clock.GetUtcNow()));

    /// <summary>Releases a lease by hand.</summary>
    [Function("OpsReleaseLease")]
    public async Task<IActionResult> ReleaseLease(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Ops + "/leases/{number}/release")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string number)
    {
        return await SignalPoolAsync(client, request, (pool, now) => CallbackPool.ReleaseNumber(pool, number, now),
            nameof(Callbacks.CallbackPoolEntity.ReleaseNumber), number, "The lease was not released.");
    }

    /// <summary>The pool.</summary>
    [Function("OpsGetPool")]
    public async Task<IActionResult> GetPool(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Ops + "/pool")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        new OkObjectResult(PoolNumberView.Of(await PoolAsync(client, request), clock.GetUtcNow()));

    /// <summary>Makes the pool exactly these numbers.</summary>
    [Function("OpsReplacePool")]
    public async Task<IActionResult> ReplacePool(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Ops + "/pool")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        var body = await request.ReadFromJsonAsync<PoolDocument>(request.HttpContext.RequestAborted);
        if (body?.Numbers is null)
        {
            return Problem(400, "A JSON body {\"numbers\": [\"+1…\"]} is required.");
        }

        return await SignalPoolAsync(client, request, (pool, now) => CallbackPool.ReplaceNumbers(pool, body.Numbers, now),
            nameof(Callbacks.CallbackPoolEntity.ReplaceNumbers), body, "The pool was not changed.");
    }

    /// <summary>All agents.</summary>
    [Function("OpsListAgents")]
    public async Task<IActionResult> ListAgents(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Ops + "/agents")] HttpRequest request) =>
        new OkObjectResult(await store.ListAgentsAsync(request.HttpContext.RequestAborted));

    /// <summary>One agent.</summary>
    [Function("OpsGetAgent")]
    public async Task<IActionResult> GetAgent(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Ops + "/agents/{agentId}")] HttpRequest request, string agentId) =>
        await store.FindAsync(agentId, request.HttpContext.RequestAborted) is { } agent ? new OkObjectResult(agent) : Problem(404, $"No agent '{agentId}'.");

    /// <summary>Creates or replaces an agent.</summary>
    [Function("OpsPutAgent")]
    public async Task<IActionResult> PutAgent(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Ops + "/agents/{agentId}")] HttpRequest request, string agentId)
    {
        var body = await request.ReadFromJsonAsync<AgentDocument>(request.HttpContext.RequestAborted);
        var problems = OpsValidation.AgentId(agentId).Concat(OpsValidation.Agent(body)).ToList();
        if (problems.Count > 0)
        {
            return Invalid("The agent was not saved.", problems);
        }

        var agent = body!.ToProfile(agentId);
        await store.SaveAgentAsync(agent, request.HttpContext.RequestAborted);
        return new OkObjectResult(agent);
    }

    /// <summary>Removes an agent.</summary>
    [Function("OpsDeleteAgent")]
    public async Task<IActionResult> DeleteAgent(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = Ops + "/agents/{agentId}")] HttpRequest request, string agentId) =>
        await store.DeleteAgentAsync(agentId, request.HttpContext.RequestAborted) ? new NoContentResult() : Problem(404, $"No agent '{agentId}'.");

    /// <summary>An agent's contacts, semicolon format.</summary>
    [Function("OpsGetContacts")]
    public async Task<IActionResult> GetContacts(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Ops + "/agents/{agentId}/contacts")] HttpRequest request, string agentId) =>
        await store.FindAsync(agentId, request.HttpContext.RequestAborted) is { } agent
            ? new OkObjectResult(new ContactsDocument(agent.EmergencyContacts))
            : Problem(404, $"No agent '{agentId}'.");

    /// <summary>Replaces an agent's contacts; invalid entries are refused, each with its reason.</summary>
    [Function("OpsPutContacts")]
    public async Task<IActionResult> PutContacts(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Ops + "/agents/{agentId}/contacts")] HttpRequest request, string agentId)
    {
        var cancellation = request.HttpContext.RequestAborted;
        if (await store.FindAsync(agentId, cancellation) is not { } agent)
        {
            return Problem(404, $"No agent '{agentId}'.");
        }

        var body = await request.ReadFromJsonAsync<ContactsDocument>(cancellation);
        IReadOnlyList<string> problems = body is null ? ["A JSON body {\"contacts\": \"a@x.com; b@y.com\"} is required."] : OpsValidation.Contacts(body.Contacts);
        if (problems.Count > 0)
        {
            return Invalid("The contacts were not saved.", problems);
        }

        var saved = agent with { EmergencyContacts = EmergencyContacts.Parse(body!.Contacts).ToStoredForm() };
        await store.SaveAgentAsync(saved, cancellation);
        return new OkObjectResult(new ContactsDocument(saved.EmergencyContacts));
    }

    /// <summary>The notification template.</summary>
    [Function("OpsGetTemplate")]
    public async Task<IActionResult> GetTemplate(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Ops + "/template")] HttpRequest request) =>
        new OkObjectResult(await store.GetTemplateAsync(request.HttpContext.RequestAborted));

    /// <summary>Replaces the template; unknown placeholders are refused here, never at send time.</summary>
    [Function("OpsPutTemplate")]
    public async Task<IActionResult> PutTemplate(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Ops + "/template")] HttpRequest request)
    {
        var body = await request.ReadFromJsonAsync<NotificationTemplate>(request.HttpContext.RequestAborted);
        var problems = OpsValidation.Template(body);
        if (problems.Count > 0)
        {
            return Invalid("The template was not saved.", problems);
        }

        await store.SaveTemplateAsync(body!, request.HttpContext.RequestAborted);
        return new OkObjectResult(body);
    }

    internal static EmergencyView View(OrchestrationMetadata instance) => EmergencyView.From(
        instance.InstanceId, instance.RuntimeStatus.ToString(),
        instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<LifecycleStatus>(),
        instance.CreatedAt, instance.LastUpdatedAt);

    /// <summary>
    /// Checks a pool change against the current state with the domain decider (so a refusal is a 409
    /// now, not a silent no-op later), then signals the entity, which applies it authoritatively.
    /// </summary>
    private async Task<IActionResult> SignalPoolAsync(
        DurableTaskClient client, HttpRequest request, Func<CallbackPoolState, DateTimeOffset, (CallbackPoolState, PoolChange)> decide,
        string operation, object input, string refusal)
    {
        var (_, change) = decide(await PoolAsync(client, request), clock.GetUtcNow());
        if (change.Rejected)
        {
            return Problem(409, refusal, change.Reason);
        }

        await client.Entities.SignalEntityAsync(DurableLifecyclePort.PoolEntity, operation, input);
        return new AcceptedResult((string?)null, change);
    }

    private static async Task<CallbackPoolState> PoolAsync(DurableTaskClient client, HttpRequest request) =>
        (await client.Entities.GetEntityAsync<PoolEntityState>(DurableLifecyclePort.PoolEntity, includeState: true, request.HttpContext.RequestAborted))
            ?.State?.Pool ?? CallbackPoolState.Empty;

    private static ObjectResult Problem(int status, string title, string? detail = null) =>
        new(new ProblemDetails { Status = status, Title = title, Detail = detail }) { StatusCode = status, ContentTypes = { "application/problem+json" } };

    private static ObjectResult Invalid(string title, IReadOnlyList<string> problems)
    {
        var details = new ProblemDetails { Status = 400, Title = title, Detail = string.Join(" ", problems) };
        details.Extensions["problems"] = problems;
        return new ObjectResult(details) { StatusCode = 400, ContentTypes = { "application/problem+json" } };
    }
}
