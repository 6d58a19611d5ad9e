using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Http.Ops;
using EmergencyFlow.Http.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Ops;

/// <summary>
/// The ops API under <c>/api/ops</c>: each function checks the ops key (header <c>x-ops-key</c>; the functions
/// are anonymous to the Functions host, so no function or host key opens them) and calls the same
/// <see cref="OpsApi"/> handler the local host maps, whose typed result the ASP.NET Core integration executes.
/// </summary>
public sealed class OpsFunctions(
    IAgentDirectory directory, IAlertAcknowledgements acknowledgements, IOptions<EmergencyFlowOptions> options, TimeProvider clock, ILogger<OpsService> logger)
{
    /// <summary>Emergency lifecycles, newest first.</summary>
    [Function("OpsListEmergencies")]
    public Task<IResult> ListEmergencies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpsRoutes.Emergencies)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async ct => await OpsApi.ListEmergencies(Ops(client), ct));

    /// <summary>One lifecycle with its durable actions.</summary>
    [Function("OpsGetEmergency")]
    public Task<IResult> GetEmergency(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpsRoutes.Emergency)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string instanceId) =>
        WithOpsKey(request, async ct => await OpsApi.GetEmergency(instanceId, Ops(client), ct));

    /// <summary>Everything the supervisor page shows; 304 when <c>If-None-Match</c> names the current view.</summary>
    [Function("OpsSupervisor")]
    public Task<IResult> Supervisor(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupervisorRoutes.View)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async _ => await OpsApi.GetSupervisorView(request.HttpContext, Ops(client)));

    /// <summary>Live callback leases.</summary>
    [Function("OpsListLeases")]
    public Task<IResult> ListLeases(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpsRoutes.Leases)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async ct => await OpsApi.ListLeases(Ops(client), ct));

    /// <summary>Releases a lease by hand (a signal to the pool entity: 202).</summary>
    [Function("OpsReleaseLease")]
    public Task<IResult> ReleaseLease(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = OpsRoutes.ReleaseLease)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string number) =>
        WithOpsKey(request, async ct => await OpsApi.ReleaseLease(number, Ops(client), ct));

    /// <summary>The pool.</summary>
    [Function("OpsGetPool")]
    public Task<IResult> GetPool(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpsRoutes.Pool)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async ct => await OpsApi.GetPool(Ops(client), ct));

    /// <summary>Makes the pool exactly these numbers (a signal to the pool entity: 202).</summary>
    [Function("OpsReplacePool")]
    public Task<IResult> ReplacePool(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = OpsRoutes.Pool)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async ct => await OpsApi.ReplacePool(await JsonBody<PoolDocument>.BindAsync(request.HttpContext), Ops(client), ct));

    /// <summary>All agents.</summary>
    [Function("OpsListAgents")]
    public Task<IResult> ListAgents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpsRoutes.Agents)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async ct => await OpsApi.ListAgents(Ops(client), ct));

    /// <summary>One agent.</summary>
    [Function("OpsGetAgent")]
    public Task<IResult> GetAgent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpsRoutes.Agent)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string agentId) =>
        WithOpsKey(request, async ct => await OpsApi.GetAgent(agentId, Ops(client), ct));

    /// <summary>Creates or replaces an agent.</summary>
    [Function("OpsPutAgent")]
    public Task<IResult> PutAgent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = OpsRoutes.Agent)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string agentId) =>
        WithOpsKey(request, async ct => await OpsApi.PutAgent(agentId, await JsonBody<AgentDocument>.BindAsync(request.HttpContext), Ops(client), ct));

    /// <summary>Removes an agent.</summary>
    [Function("OpsDeleteAgent")]
    public Task<IResult> DeleteAgent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = OpsRoutes.Agent)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string agentId) =>
        WithOpsKey(request, async ct => await OpsApi.DeleteAgent(agentId, Ops(client), ct));

    /// <summary>An agent's contacts, semicolon format.</summary>
    [Function("OpsGetContacts")]
    public Task<IResult> GetContacts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpsRoutes.Contacts)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string agentId) =>
        WithOpsKey(request, async ct => await OpsApi.GetContacts(agentId, Ops(client), ct));

    /// <summary>Replaces an agent's contacts; invalid entries are refused, each with its reason.</summary>
    [Function("OpsPutContacts")]
    public Task<IResult> PutContacts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = OpsRoutes.Contacts)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string agentId) =>
        WithOpsKey(request, async ct => await OpsApi.PutContacts(agentId, await JsonBody<ContactsDocument>.BindAsync(request.HttpContext), Ops(client), ct));

    /// <summary>The notification template.</summary>
    [Function("OpsGetTemplate")]
    public Task<IResult> GetTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpsRoutes.Template)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async ct => await OpsApi.GetTemplate(Ops(client), ct));

    /// <summary>Replaces the template; unknown placeholders are refused here, never at send time.</summary>
    [Function("OpsPutTemplate")]
    public Task<IResult> PutTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = OpsRoutes.Template)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async ct => await OpsApi.PutTemplate(await JsonBody<NotificationTemplate>.BindAsync(request.HttpContext), Ops(client), ct));

    private static async Task<IResult> WithOpsKey(HttpRequest request, Func<CancellationToken, Task<IResult>> handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ApiKeyServiceCollectionExtensions.RequireOpsKeyAsync(request.HttpContext) ?? await handle(request.HttpContext.RequestAborted);
    }

    // The durable client exists only as this invocation's binding, so the (cheap) service over it is built per call.
    /// <summary>Acknowledges an alert (who handled it, what they did); the first acknowledgement stands.</summary>
    [Function("OpsAcknowledgeAlert")]
    public Task<IResult> AcknowledgeAlert(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = OpsRoutes.AlertAcknowledgements)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async ct => await OpsApi.AcknowledgeAlert(await JsonBody<AlertAcknowledgementDocument>.BindAsync(request.HttpContext), Ops(client), ct));

    /// <summary>Alerts acknowledged in the last 24 hours.</summary>
    [Function("OpsListAcknowledgements")]
    public Task<IResult> ListAcknowledgements(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpsRoutes.AlertAcknowledgements)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async ct => await OpsApi.ListAcknowledgements(Ops(client), ct));

    /// <summary>The shift hand-over, JSON or CSV.</summary>
    [Function("OpsHandover")]
    public Task<IResult> Handover(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpsRoutes.Handover)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        WithOpsKey(request, async _ => await OpsApi.Handover(
            request.HttpContext, Ops(client), int.TryParse(request.Query["hours"], out var hours) ? hours : null, request.Query["format"].FirstOrDefault()));

    private OpsService Ops(DurableTaskClient client) => new(new DurableOpsBackend(client, directory, options, clock, acknowledgements), logger);
}
