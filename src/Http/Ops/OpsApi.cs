using EmergencyFlow.Application.Ops;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Http.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EmergencyFlow.Http.Ops;

/// <summary>
/// The ops API, once for both hosts: one route group behind the ops key, whose static handlers validate the
/// request, call <see cref="OpsService"/> and answer typed results (so the OpenAPI document lists every
/// response). The local host maps the group; the Functions app's HTTP triggers call the same handlers.
/// </summary>
/// <remarks>
/// Status codes: 400 invalid input (path id, body, field), 404 unknown id, 409 only for a real conflict with the
/// current state (removing a number with a live lease), 413/415 for bodies the API does not read. Pool changes
/// answer 202 Accepted: the pool entity applies them after the response.
/// </remarks>
public static class OpsApi
{
    /// <summary>Maps every shared ops route under <c>/api</c> behind the ops key; returns the group so a host can add its own routes.</summary>
    public static RouteGroupBuilder MapOpsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(ApiKeySchemes.Ops).WithTags("Ops")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet(OpsRoutes.Emergencies, ListEmergencies);
        api.MapGet(OpsRoutes.Emergency, GetEmergency).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(SupervisorRoutes.View, GetSupervisorView).Produces(StatusCodes.Status304NotModified)
            .WithDescription("Active and recently finished emergencies, live callback leases with routed callbacks, alerts with what to do, pool counts. "
                + "Numbers are masked. Send If-None-Match with the last ETag: 304 when nothing changed. The server's time is in X-EmergencyFlow-As-Of.");
        api.MapGet(OpsRoutes.Leases, ListLeases);
        api.MapPost(OpsRoutes.ReleaseLease, ReleaseLease).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet(OpsRoutes.Pool, GetPool);
        api.MapPut(OpsRoutes.Pool, ReplacePool).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet(OpsRoutes.Agents, ListAgents);
        api.MapGet(OpsRoutes.Agent, GetAgent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut(OpsRoutes.Agent, PutAgent);
        api.MapDelete(OpsRoutes.Agent, DeleteAgent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(OpsRoutes.Contacts, GetContacts).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut(OpsRoutes.Contacts, PutContacts).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(OpsRoutes.Template, GetTemplate);
        api.MapPut(OpsRoutes.Template, PutTemplate);
        api.MapPost(OpsRoutes.AlertAcknowledgements, AcknowledgeAlert).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(OpsRoutes.AlertAcknowledgements, ListAcknowledgements);
        api.MapGet(OpsRoutes.Handover, Handover).Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    /// <summary>Emergency lifecycles, newest first.</summary>
    public static async Task<Ok<IReadOnlyList<EmergencyView>>> ListEmergencies(OpsService ops, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ops.ListEmergenciesAsync(cancellationToken));

    /// <summary>One emergency lifecycle with its durable actions.</summary>
    public static async Task<Results<Ok<EmergencyDetailView>, ProblemHttpResult>> GetEmergency(
        string instanceId, OpsService ops, CancellationToken cancellationToken)
    {
        if (OpsIds.ProblemsWithInstanceId(instanceId) is { Count: > 0 } invalid)
        {
            return OpsProblems.Invalid("The emergency id is not valid.", invalid);
        }

        return await ops.FindEmergencyAsync(instanceId, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : OpsProblems.NotFound($"No emergency lifecycle '{instanceId}'.");
    }

    /// <summary>Everything the supervisor page shows.</summary>
    /// <remarks>With an ETag (304 when <c>If-None-Match</c> names the current view) and the server's time in <c>X-EmergencyFlow-As-Of</c>.</remarks>
    public static async Task<Results<Ok<SupervisorView>, StatusCodeHttpResult>> GetSupervisorView(HttpContext context, OpsService ops)
    {
        ArgumentNullException.ThrowIfNull(context);
        var view = await ops.SupervisorViewAsync(context.RequestAborted);
        var etag = view.ETag();
        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "no-cache";
        headers[SupervisorRoutes.AsOfHeader] = OpsJson.Timestamp(view.AsOf);
        return SupervisorView.Matches(context.Request.Headers.IfNoneMatch, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(view);
    }

    /// <summary>Live callback leases.</summary>
    public static async Task<Ok<IReadOnlyList<LeaseView>>> ListLeases(OpsService ops, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ops.ListLeasesAsync(cancellationToken));

    /// <summary>Releases a callback number by hand, whatever holds it.</summary>
    public static async Task<Results<Accepted<PoolChangeView>, ProblemHttpResult>> ReleaseLease(
        string number, OpsService ops, CancellationToken cancellationToken)
    {
        if (OpsIds.ProblemsWithNumber(number) is { Count: > 0 } invalid)
        {
            return OpsProblems.Invalid("The lease was not released.", invalid);
        }

        var result = await ops.ReleaseNumberAsync(PhoneNumber.ToE164(number)!, cancellationToken);
        return result.Status switch
        {
            PoolChangeStatus.NotFound => OpsProblems.NotFound(result.Reason!),
            PoolChangeStatus.Refused => OpsProblems.Conflict("The lease was not released.", result.Reason),
            _ => TypedResults.Accepted((string?)null, result.View!),
        };
    }

    /// <summary>The callback pool.</summary>
    public static async Task<Ok<IReadOnlyList<PoolNumberView>>> GetPool(OpsService ops, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ops.ListPoolAsync(cancellationToken));

    /// <summary>Makes the pool exactly these numbers (a number with a live lease cannot be removed).</summary>
    public static async Task<Results<Accepted<PoolChangeView>, ProblemHttpResult>> ReplacePool(
        JsonBody<PoolDocument> body, OpsService ops, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Problem is { } unreadable)
        {
            return unreadable;
        }

        if (OpsValidation.Pool(body.Value) is { Count: > 0 } invalid)
        {
            return OpsProblems.Invalid("The pool was not changed.", invalid);
        }

        var numbers = body.Value!.Numbers.Select(n => PhoneNumber.ToE164(n)!).Distinct(StringComparer.Ordinal).ToList();
        var result = await ops.ReplacePoolAsync(numbers, cancellationToken);
        return result.Status == PoolChangeStatus.Refused
            ? OpsProblems.Conflict("The pool was not changed.", result.Reason)
            : TypedResults.Accepted((string?)null, result.View!);
    }

    /// <summary>The agents directory.</summary>
    public static async Task<Ok<IReadOnlyList<AgentProfile>>> ListAgents(OpsService ops, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ops.ListAgentsAsync(cancellationToken));

    /// <summary>One agent.</summary>
    public static async Task<Results<Ok<AgentProfile>, ProblemHttpResult>> GetAgent(
        string agentId, OpsService ops, CancellationToken cancellationToken)
    {
        if (OpsIds.ProblemsWithAgentId(agentId) is { Count: > 0 } invalid)
        {
            return OpsProblems.Invalid("The agent id is not valid.", invalid);
        }

        return await ops.FindAgentAsync(agentId, cancellationToken) is { } agent ? TypedResults.Ok(agent) : UnknownAgent(agentId);
    }

    /// <summary>Creates or replaces an agent; every field is required.</summary>
    public static async Task<Results<Ok<AgentProfile>, ProblemHttpResult>> PutAgent(
        string agentId, JsonBody<AgentDocument> body, OpsService ops, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (OpsIds.ProblemsWithAgentId(agentId) is { Count: > 0 } invalidId)
        {
            return OpsProblems.Invalid("The agent was not saved.", invalidId);
        }

        if (body.Problem is { } unreadable)
        {
            return unreadable;
        }

        if (OpsValidation.Agent(body.Value) is { Count: > 0 } invalid)
        {
            return OpsProblems.Invalid("The agent was not saved.", invalid);
        }

        return TypedResults.Ok(await ops.SaveAgentAsync(agentId, body.Value!, cancellationToken));
    }

    /// <summary>Removes an agent.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAgent(
        string agentId, OpsService ops, CancellationToken cancellationToken)
    {
        if (OpsIds.ProblemsWithAgentId(agentId) is { Count: > 0 } invalid)
        {
            return OpsProblems.Invalid("The agent id is not valid.", invalid);
        }

        return await ops.DeleteAgentAsync(agentId, cancellationToken) ? TypedResults.NoContent() : UnknownAgent(agentId);
    }

    /// <summary>An agent's emergency contacts, semicolon format.</summary>
    public static async Task<Results<Ok<ContactsDocument>, ProblemHttpResult>> GetContacts(
        string agentId, OpsService ops, CancellationToken cancellationToken)
    {
        if (OpsIds.ProblemsWithAgentId(agentId) is { Count: > 0 } invalid)
        {
            return OpsProblems.Invalid("The agent id is not valid.", invalid);
        }

        return await ops.FindAgentAsync(agentId, cancellationToken) is { } agent
            ? TypedResults.Ok(new ContactsDocument(agent.EmergencyContacts))
            : UnknownAgent(agentId);
    }

    /// <summary>Replaces an agent's contacts; refused unless every entry is valid.</summary>
    /// <remarks>A body without <c>contacts</c> is refused, so it never wipes the stored list.</remarks>
    public static async Task<Results<Ok<ContactsDocument>, ProblemHttpResult>> PutContacts(
        string agentId, JsonBody<ContactsDocument> body, OpsService ops, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (OpsIds.ProblemsWithAgentId(agentId) is { Count: > 0 } invalidId)
        {
            return OpsProblems.Invalid("The contacts were not saved.", invalidId);
        }

        if (body.Problem is { } unreadable)
        {
            return unreadable;
        }

        if (OpsValidation.ContactsDocument(body.Value) is { Count: > 0 } invalid)
        {
            return OpsProblems.Invalid("The contacts were not saved.", invalid);
        }

        return await ops.SaveContactsAsync(agentId, body.Value!, cancellationToken) is { } saved ? TypedResults.Ok(saved) : UnknownAgent(agentId);
    }

    /// <summary>The notification template.</summary>
    public static async Task<Ok<NotificationTemplate>> GetTemplate(OpsService ops, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ops.GetTemplateAsync(cancellationToken));

    /// <summary>Replaces the template; unknown placeholders are refused here, never at send time.</summary>
    /// <remarks>All three parts (subject, plainText, html) are required.</remarks>
    public static async Task<Results<Ok<NotificationTemplate>, ProblemHttpResult>> PutTemplate(
        JsonBody<NotificationTemplate> body, OpsService ops, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Problem is { } unreadable)
        {
            return unreadable;
        }

        if (OpsValidation.Template(body.Value) is { Count: > 0 } invalid)
        {
            return OpsProblems.Invalid("The template was not saved.", invalid);
        }

        return TypedResults.Ok(await ops.SaveTemplateAsync(body.Value!, cancellationToken));
    }

    private static ProblemHttpResult UnknownAgent(string agentId) => OpsProblems.NotFound($"No agent '{agentId}'.");

    /// <summary>Acknowledges an alert: who handled it and what they did; the first acknowledgement stands (a repeat answers 200 with it).</summary>
    /// <remarks>201 when recorded now; 200 with the earlier one when the alert was acknowledged already; 404 when the alert is not on the view.</remarks>
    public static async Task<Results<Created<AlertAcknowledgement>, Ok<AlertAcknowledgement>, ProblemHttpResult>> AcknowledgeAlert(
        JsonBody<AlertAcknowledgementDocument> body, OpsService ops, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(ops);
        if (body.Problem is { } unreadable)
        {
            return unreadable;
        }

        if (OpsValidation.Acknowledgement(body.Value) is { Count: > 0 } invalid)
        {
            return OpsProblems.Invalid("The alert was not acknowledged.", invalid);
        }

        var result = await ops.AcknowledgeAlertAsync(body.Value!, cancellationToken);
        return result.Status switch
        {
            AcknowledgementStatus.Recorded => TypedResults.Created((string?)null, result.Acknowledgement!),
            AcknowledgementStatus.AlreadyRecorded => TypedResults.Ok(result.Acknowledgement!),
            _ => OpsProblems.NotFound($"No alert '{body.Value!.AlertId}' on the supervisor view (it may have been cleared)."),
        };
    }

    /// <summary>Alerts acknowledged in the last 24 hours, newest first.</summary>
    public static async Task<Ok<IReadOnlyList<SupervisorAcknowledgedAlert>>> ListAcknowledgements(OpsService ops, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ops);
        return TypedResults.Ok((await ops.SupervisorViewAsync(cancellationToken)).Acknowledged);
    }

    /// <summary>The shift hand-over of the last hours (24 by default, at most 168): emergencies, how each ended, alerts and acknowledgements; CSV with format=csv or Accept: text/csv.</summary>
    /// <remarks>JSON by default; CSV (a file to save) when asked for.</remarks>
    public static async Task<Results<Ok<HandoverReport>, FileContentHttpResult, ProblemHttpResult>> Handover(
        HttpContext context, OpsService ops, int? hours = null, string? format = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ops);
        var period = hours ?? 24;
        if (period is < 1 or > HandoverReport.MaxHours)
        {
            return OpsProblems.Invalid("No hand-over for that period.", [$"hours: between 1 and {HandoverReport.MaxHours}."]);
        }

        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || (format is null && context.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase));
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return OpsProblems.Invalid("No hand-over in that format.", ["format: csv or json."]);
        }

        var report = await ops.HandoverAsync(period, context.RequestAborted);
        return csv
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(report.ToCsv()), "text/csv; charset=utf-8",
                $"emergencyflow-handover-{report.To.UtcDateTime:yyyyMMdd-HHmm}Z.csv")
            : TypedResults.Ok(report);
    }
}
