using EmergencyFlow.Application.Ops;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Http.Ops;
using EmergencyFlow.LocalHost.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmergencyFlow.LocalHost.Http;

/// <summary>
/// The ops API: the shared route group (<see cref="OpsApi.MapOpsApi"/>, the same handlers the Functions app calls)
/// plus what only the local host has, in the same idiom and behind the same ops key: its presence store
/// (simulated Teams presence), the routing decisions, alerts, event log, dead letters and .eml outbox it records in
/// SQLite. In Azure the same facts are in Application Insights, the alert rule and the dead-letter container.
/// </summary>
public static class OpsEndpoints
{
    /// <summary>Maps every ops route behind the ops key.</summary>
    public static void MapLocalOps(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapOpsApi();
        const string Ops = OpsRoutes.Prefix;
        api.MapGet(Ops + "/presence", (LocalStore store) => TypedResults.Ok(store.ListPresence())).WithSummary("Local: every agent's presence");
        api.MapPut(Ops + "/presence/{agentId}", SetPresenceAsync).WithSummary("Local: simulate an agent changing presence");
        api.MapGet(Ops + "/routing", (LocalStore store) => TypedResults.Ok(store.ListRouting())).WithSummary("Local: routing decisions");
        api.MapGet(Ops + "/alerts", (LocalStore store) => TypedResults.Ok(store.ListAlerts())).WithSummary("Local: operator alerts");
        api.MapGet(Ops + "/events", (LocalStore store, int? limit) => TypedResults.Ok(store.ListEvents(Math.Clamp(limit ?? 100, 1, 1000))))
            .WithSummary("Local: what happened to each event");
        api.MapGet(Ops + "/dead-letters", (LocalStore store) => TypedResults.Ok(store.ListDeadLetters())).WithSummary("Local: unreadable events kept whole");
        api.MapGet(Ops + "/outbox", (LocalStore store) => TypedResults.Ok(store.ListOutbox())).WithSummary("Local: written emails");
    }

    private static async Task<Results<Ok<PresenceRow>, ProblemHttpResult>> SetPresenceAsync(
        string agentId, JsonBody<PresenceDocument> body, LocalStore store, CancellationToken cancellationToken)
    {
        if (OpsIds.ProblemsWithAgentId(agentId) is { Count: > 0 } invalidId)
        {
            return OpsProblems.Invalid("The presence was not changed.", invalidId);
        }

        if (body.Problem is { } unreadable)
        {
            return unreadable;
        }

        if (string.IsNullOrWhiteSpace(body.Value!.Availability))
        {
            return OpsProblems.Invalid("The presence was not changed.", ["availability: required, e.g. \"Available\" or \"Away\"."]);
        }

        await store.SetAsync(agentId, new PresenceSnapshot(body.Value.Availability, body.Value.Activity));
        return TypedResults.Ok(store.ListPresence().Single(p => p.AgentId == agentId));
    }
}
