using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Hosting.Ops;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Ops;

/// <summary>
/// The ops API under <c>/api/ops</c>: each function hands its request to the shared
/// <see cref="OpsService"/> (the handlers the local host maps too) and returns its result, which the
/// ASP.NET Core integration executes as is. Function-level authorization: every call needs a
/// function or host key (<c>x-functions-key</c> or <c>code</c>).
/// </summary>
public sealed class OpsFunctions(TableStore store, IOptions<FunctionsOptions> options, TimeProvider clock, ILogger<OpsService> logger)
{
    /// <summary>Emergency lifecycles, newest first.</summary>
    [Function("OpsListEmergencies")]
    public Task<IResult> ListEmergencies(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = OpsRoutes.Emergencies)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        Ops(client).ListEmergenciesAsync(Aborted(request));

    /// <summary>One lifecycle. Its durable history is in Durable Functions Monitor.</summary>
    [Function("OpsGetEmergency")]
    public Task<IResult> GetEmergency(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = OpsRoutes.Emergency)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string instanceId) =>
        Ops(client).GetEmergencyAsync(instanceId, Aborted(request));

    /// <summary>Live callback leases.</summary>
    [Function("OpsListLeases")]
    public Task<IResult> ListLeases(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = OpsRoutes.Leases)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        Ops(client).ListLeasesAsync(Aborted(request));

    /// <summary>Releases a lease by hand (a signal to the pool entity: 202).</summary>
    [Function("OpsReleaseLease")]
    public Task<IResult> ReleaseLease(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = OpsRoutes.ReleaseLease)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string number) =>
        Ops(client).ReleaseLeaseAsync(number, Aborted(request));

    /// <summary>The pool.</summary>
    [Function("OpsGetPool")]
    public Task<IResult> GetPool(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = OpsRoutes.Pool)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        Ops(client).GetPoolAsync(Aborted(request));

    /// <summary>Makes the pool exactly these numbers (a signal to the pool entity: 202).</summary>
    [Function("OpsReplacePool")]
    public Task<IResult> ReplacePool(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = OpsRoutes.Pool)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        Ops(client).ReplacePoolAsync(request);

    /// <summary>All agents.</summary>
    [Function("OpsListAgents")]
    public Task<IResult> ListAgents(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = OpsRoutes.Agents)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        Ops(client).ListAgentsAsync(Aborted(request));

    /// <summary>One agent.</summary>
    [Function("OpsGetAgent")]
    public Task<IResult> GetAgent(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = OpsRoutes.Agent)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string agentId) =>
        Ops(client).GetAgentAsync(agentId, Aborted(request));

    /// <summary>Creates or replaces an agent.</summary>
    [Function("OpsPutAgent")]
    public Task<IResult> PutAgent(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = OpsRoutes.Agent)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string agentId) =>
        Ops(client).PutAgentAsync(agentId, request);

    /// <summary>Removes an agent.</summary>
    [Function("OpsDeleteAgent")]
    public Task<IResult> DeleteAgent(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = OpsRoutes.Agent)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string agentId) =>
        Ops(client).DeleteAgentAsync(agentId, Aborted(request));

    /// <summary>An agent's contacts, semicolon format.</summary>
    [Function("OpsGetContacts")]
    public Task<IResult> GetContacts(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = OpsRoutes.Contacts)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string agentId) =>
        Ops(client).GetContactsAsync(agentId, Aborted(request));

    /// <summary>Replaces an agent's contacts; invalid entries are refused, each with its reason.</summary>
    [Function("OpsPutContacts")]
    public Task<IResult> PutContacts(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = OpsRoutes.Contacts)] HttpRequest request,
        [DurableClient] DurableTaskClient client, string agentId) =>
        Ops(client).PutContactsAsync(agentId, request);

    /// <summary>The notification template.</summary>
    [Function("OpsGetTemplate")]
    public Task<IResult> GetTemplate(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = OpsRoutes.Template)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        Ops(client).GetTemplateAsync(Aborted(request));

    /// <summary>Replaces the template; unknown placeholders are refused here, never at send time.</summary>
    [Function("OpsPutTemplate")]
    public Task<IResult> PutTemplate(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = OpsRoutes.Template)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        Ops(client).PutTemplateAsync(request);

    /// <summary>Everything the supervisor page shows; 304 when <c>If-None-Match</c> names the current view.</summary>
    [Function("OpsSupervisor")]
    public Task<IResult> Supervisor(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = SupervisorRoutes.View)] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        Ops(client).GetSupervisorViewAsync(request);

    private static CancellationToken Aborted(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.RequestAborted;
    }

    // The Durable Task client exists only as a per-invocation binding, so the backend (and the cheap service over it) is built per call.
    private OpsService Ops(DurableTaskClient client) => new(new FunctionsOpsBackend(client, store, options.Value, clock), logger);
}
