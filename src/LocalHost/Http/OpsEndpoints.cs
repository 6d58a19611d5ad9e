using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Durable;
using EmergencyFlow.Hosting.Ops;
using EmergencyFlow.LocalHost.Storage;

namespace EmergencyFlow.LocalHost.Http;

/// <summary>The ops API under <c>/api/ops</c>: JSON, key-authenticated, ProblemDetails on errors.</summary>
public static class OpsEndpoints
{
    /// <summary>Maps every ops route.</summary>
    public static void MapOps(this WebApplication app, HostKeys keys)
    {
        ArgumentNullException.ThrowIfNull(app);
        var ops = app.MapGroup("/api/" + OpsRoutes.Prefix).AddEndpointFilter(async (context, next) =>
            HostKeys.Carries(context.HttpContext.Request, keys.Ops)
                ? await next(context)
                : Results.Problem(statusCode: 401, title: "A valid ops key is required (header 'x-functions-key' or query 'code')."));

        ops.MapGet("/emergencies", async (IDurableStore store, LocalStore local) =>
            (await store.ListInstancesAsync()).Select(i => Named(View(i), local)));
        ops.MapGet("/emergencies/{instanceId}", async (string instanceId, IDurableStore store, LocalStore local) =>
            await store.GetInstanceAsync(instanceId) is { } instance
                ? Results.Ok(new
                {
                    emergency = Named(View(instance), local),
                    actions = (await store.LoadJournalAsync(instanceId))
                        .Select(e => new { e.Sequence, e.Kind, Action = OpsWording.Action(e.Kind.ToString(), e.Name), e.RecordedAt, e.Error }),
                    instance.Error,
                })
                : NotFound($"No emergency lifecycle '{instanceId}'."));

        ops.MapGet("/leases", async (IDurableStore store, IClock clock) => LeaseView.LiveIn(await store.GetPoolAsync(), clock.UtcNow));
        ops.MapPost("/leases/{number}/release", async (string number, IDurableStore store, IClock clock) =>
            Change(await store.UpdatePoolAsync(pool => CallbackPool.ReleaseNumber(pool, number, clock.UtcNow))));

        ops.MapGet("/pool", async (IDurableStore store, IClock clock) => PoolNumberView.Of(await store.GetPoolAsync(), clock.UtcNow));
        ops.MapPut("/pool", async (PoolDocument? body, IDurableStore store, IClock clock) => body?.Numbers is null
            ? Results.Problem(statusCode: 400, title: "A JSON body {\"numbers\": [\"+1…\"]} is required.")
            : Change(await store.UpdatePoolAsync(pool => CallbackPool.ReplaceNumbers(pool, body.Numbers, clock.UtcNow)), PoolNumberView.Of(await store.GetPoolAsync(), clock.UtcNow)));

        ops.MapGet("/agents", (LocalStore store) => store.ListAgents());
        ops.MapGet("/agents/{agentId}", (string agentId, LocalStore store) =>
            store.FindAgent(agentId) is { } agent ? Results.Ok(agent) : NotFound($"No agent '{agentId}'."));
        ops.MapPut("/agents/{agentId}", (string agentId, AgentDocument? body, LocalStore store) =>
        {
            var problems = OpsValidation.AgentId(agentId).Concat(OpsValidation.Agent(body)).ToList();
            if (problems.Count > 0)
            {
                return Invalid("The agent was not saved.", problems);
            }

            var agent = body!.ToProfile(agentId);
            store.SaveAgent(agent);
            return Results.Ok(agent);
        });
        ops.MapDelete("/agents/{agentId}", (string agentId, LocalStore store) =>
            store.DeleteAgent(agentId) ? Results.NoContent() : NotFound($"No agent '{agentId}'."));
        ops.MapGet("/agents/{agentId}/contacts", (string agentId, LocalStore store) =>
            store.FindAgent(agentId) is { } agent ? Results.Ok(new ContactsDocument(agent.EmergencyContacts)) : NotFound($"No agent '{agentId}'."));
        ops.MapPut("/agents/{agentId}/contacts", (string agentId, ContactsDocument? body, LocalStore store) =>
        {
            if (store.FindAgent(agentId) is not { } agent)
            {
                return NotFound($"No agent '{agentId}'.");
            }

            var problems = body is null ? ["A JSON body {\"contacts\": \"a@x.com; b@y.com\"} is required."] : OpsValidation.Contacts(body.Contacts);
            if (problems.Count > 0)
            {
                return Invalid("The contacts were not saved.", problems);
            }

            var saved = agent with { EmergencyContacts = EmergencyContacts.Parse(body!.Contacts).ToStoredForm() };
            store.SaveAgent(saved);
            return Results.Ok(new ContactsDocument(saved.EmergencyContacts));
        });

        ops.MapGet("/template", (LocalStore store) => store.GetTemplate());
        ops.MapPut("/template", (NotificationTemplate? body, LocalStore store) =>
        {
            var problems = OpsValidation.Template(body);
            if (problems.Count > 0)
            {
                return Invalid("The template was not saved.", problems);
            }

            store.SaveTemplate(body!);
            return Results.Ok(body);
        });

        ops.MapGet("/presence", (LocalStore store) => store.ListPresence());
        ops.MapPut("/presence/{agentId}", async (string agentId, PresenceDocument? body, LocalStore store) =>
        {
            if (body is null || string.IsNullOrWhiteSpace(body.Availability))
            {
                return Results.Problem(statusCode: 400, title: "A JSON body {\"availability\": \"Available\", \"activity\": \"Available\"} is required.");
            }

            await store.SetAsync(agentId, string.Empty, new PresenceSnapshot(body.Availability, body.Activity), CancellationToken.None);
            return Results.Ok(store.ListPresence().Single(p => p.AgentId == agentId));
        });

        ops.MapGet("/routing", (LocalStore store) => store.ListRouting());
        ops.MapGet("/alerts", (LocalStore store) => store.ListAlerts());
        ops.MapGet("/events", (LocalStore store, int? limit) => store.ListEvents(Math.Clamp(limit ?? 100, 1, 1000)));
        ops.MapGet("/dead-letters", (LocalStore store) => store.ListDeadLetters());
        ops.MapGet("/outbox", (LocalStore store) => store.ListOutbox());
    }

    private static EmergencyView View(InstanceRecord instance) => EmergencyView.From(
        instance.InstanceId, instance.Status.ToString(),
        instance.CustomStatusJson is null ? null : DurableJson.Deserialize<LifecycleStatus>(instance.CustomStatusJson),
        instance.CreatedAt, instance.UpdatedAt);

    private static EmergencyView Named(EmergencyView view, LocalStore local) =>
        view with { AgentName = view.AgentId is null ? null : local.FindAgent(view.AgentId)?.DisplayName };

    private static IResult Change(PoolChange change, object? body = null) => change switch
    {
        { Rejected: true } => Results.Problem(statusCode: 409, title: "The pool was not changed.", detail: change.Reason),
        _ => Results.Ok(body ?? change),
    };

    private static IResult NotFound(string title) => Results.Problem(statusCode: 404, title: title);

    private static IResult Invalid(string title, IReadOnlyList<string> problems) =>
        Results.Problem(statusCode: 400, title: title, detail: string.Join(" ", problems),
            extensions: new Dictionary<string, object?> { ["problems"] = problems });
}
