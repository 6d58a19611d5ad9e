using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Hosting.Ops;
using EmergencyFlow.LocalHost.Storage;

namespace EmergencyFlow.LocalHost.Http;

/// <summary>
/// The ops API under <c>/api/ops</c>: the shared routes map straight to <see cref="OpsService"/>
/// (the same handlers the Functions app calls); the local-only routes read the local stores.
/// </summary>
public static class OpsEndpoints
{
    private const string PresenceExample = "{\"availability\": \"Available\", \"activity\": \"Available\"}";

    private const string JsonContent = "application/json";

    /// <summary>Maps every ops route behind the ops key.</summary>
    public static void MapOps(this WebApplication app, HostKeys keys)
    {
        ArgumentNullException.ThrowIfNull(app);
        var ops = CreateService(app.Services);
        var api = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
            HostKeys.Carries(context.HttpContext.Request, keys.Ops)
                ? await next(context)
                : OpsResults.Problem(StatusCodes.Status401Unauthorized, "A valid ops key is required (header 'x-functions-key' or query 'code')."));

        api.MapGet(OpsRoutes.Emergencies, (CancellationToken ct) => ops.ListEmergenciesAsync(ct));
        api.MapGet(OpsRoutes.Emergency, (string instanceId, CancellationToken ct) => ops.GetEmergencyAsync(instanceId, ct));
        api.MapGet(OpsRoutes.Leases, (CancellationToken ct) => ops.ListLeasesAsync(ct));
        api.MapPost(OpsRoutes.ReleaseLease, (string number, CancellationToken ct) => ops.ReleaseLeaseAsync(number, ct));
        api.MapGet(OpsRoutes.Pool, (CancellationToken ct) => ops.GetPoolAsync(ct));
        // The handlers read the body themselves (size, encoding and shape checks); Accepts<T> documents it in OpenAPI.
        api.MapPut(OpsRoutes.Pool, (HttpRequest request) => ops.ReplacePoolAsync(request)).Accepts<PoolDocument>(JsonContent);
        api.MapGet(OpsRoutes.Agents, (CancellationToken ct) => ops.ListAgentsAsync(ct));
        api.MapGet(OpsRoutes.Agent, (string agentId, CancellationToken ct) => ops.GetAgentAsync(agentId, ct));
        api.MapPut(OpsRoutes.Agent, (string agentId, HttpRequest request) => ops.PutAgentAsync(agentId, request)).Accepts<AgentDocument>(JsonContent);
        api.MapDelete(OpsRoutes.Agent, (string agentId, CancellationToken ct) => ops.DeleteAgentAsync(agentId, ct));
        api.MapGet(OpsRoutes.Contacts, (string agentId, CancellationToken ct) => ops.GetContactsAsync(agentId, ct));
        api.MapPut(OpsRoutes.Contacts, (string agentId, HttpRequest request) => ops.PutContactsAsync(agentId, request)).Accepts<ContactsDocument>(JsonContent);
        api.MapGet(OpsRoutes.Template, (CancellationToken ct) => ops.GetTemplateAsync(ct));
        api.MapPut(OpsRoutes.Template, (HttpRequest request) => ops.PutTemplateAsync(request)).Accepts<NotificationTemplate>(JsonContent);
        api.MapGet(SupervisorRoutes.View, (HttpRequest request) => ops.GetSupervisorViewAsync(request))
            .WithSummary("Everything the supervisor page shows")
            .WithDescription("Active and recently finished emergencies, live callback leases with routed callbacks, alerts with what to do, pool counts. "
                + "Numbers are masked. Send If-None-Match with the last ETag: 304 when nothing changed. The server's time is in X-EmergencyFlow-As-Of.")
            .Produces<SupervisorView>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        MapLocalOnly(api);
    }

    /// <summary>
    /// The service over the local engine. Built here from services the host already registers, so
    /// the ops API needs no registration of its own.
    /// </summary>
    private static OpsService CreateService(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<OpsService>(services, ActivatorUtilities.CreateInstance<LocalOpsBackend>(services));

    /// <summary>
    /// What only the local host has: its presence store (simulated Teams presence), the routing
    /// decisions, alerts, event log, dead letters and .eml outbox it records in SQLite. In Azure the
    /// same facts are in Application Insights, the alert rule and the dead-letter container.
    /// </summary>
    private static void MapLocalOnly(RouteGroupBuilder api)
    {
        const string Ops = OpsRoutes.Prefix;
        api.MapGet(Ops + "/presence", (LocalStore store) => OpsResults.Json(store.ListPresence()));
        api.MapPut(Ops + "/presence/{agentId}", async (string agentId, HttpRequest request, LocalStore store) =>
        {
            if (OpsIds.AgentId(agentId) is { Count: > 0 } invalidId)
            {
                return OpsResults.Invalid("The presence was not changed.", invalidId);
            }

            var (body, unreadable) = await OpsJsonBody.ReadAsync<PresenceDocument>(request, PresenceExample);
            if (unreadable is not null)
            {
                return unreadable;
            }

            if (string.IsNullOrWhiteSpace(body!.Availability))
            {
                return OpsResults.Invalid("The presence was not changed.", ["availability: required, e.g. \"Available\" or \"Away\"."]);
            }

            await store.SetAsync(agentId, string.Empty, new PresenceSnapshot(body.Availability, body.Activity), request.HttpContext.RequestAborted);
            return OpsResults.Json(store.ListPresence().Single(p => p.AgentId == agentId));
        });

        api.MapGet(Ops + "/routing", (LocalStore store) => OpsResults.Json(store.ListRouting()));
        api.MapGet(Ops + "/alerts", (LocalStore store) => OpsResults.Json(store.ListAlerts()));
        api.MapGet(Ops + "/events", (LocalStore store, int? limit) => OpsResults.Json(store.ListEvents(Math.Clamp(limit ?? 100, 1, 1000))));
        api.MapGet(Ops + "/dead-letters", (LocalStore store) => OpsResults.Json(store.ListDeadLetters()));
        api.MapGet(Ops + "/outbox", (LocalStore store) => OpsResults.Json(store.ListOutbox()));
    }
}
