using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Hosting.Ops;

/// <summary>
/// The ops API, once for both hosts: every route's validation, status code and payload. The hosts
/// map their routes here (local minimal APIs, Functions HTTP triggers) and return the result as is;
/// what differs by host is behind <see cref="IOpsBackend"/>.
/// </summary>
/// <remarks>
/// Status codes: 400 invalid input (path id, body, field), 404 unknown id, 409 only for a real
/// conflict with the current state (removing a number with a live lease), 413/415 for bodies the
/// API does not read. Pool changes answer 202 Accepted on both hosts, because in Azure they are
/// applied by the pool entity after the response; <see cref="PoolChangeView.Applied"/> says which.
/// </remarks>
public sealed partial class OpsService(IOpsBackend backend, ILogger<OpsService> logger)
{
    private const string PoolExample = "{\"numbers\": [\"+14255550123\"]}";
    private const string AgentExample = "{\"displayName\": \"Ana Lima\", \"acsIdentity\": \"8:acs:…\", \"emergencyContacts\": \"a@contoso.com\"}";
    private const string ContactsExample = "{\"contacts\": \"a@contoso.com; b@contoso.com\"}";
    private const string TemplateExample = "{\"subject\": \"…\", \"plainText\": \"…\", \"html\": \"…\"}";

    /// <summary>GET emergencies: lifecycles, newest first.</summary>
    public async Task<IResult> ListEmergenciesAsync(CancellationToken cancellationToken)
    {
        var names = await AgentNamesAsync(cancellationToken);
        return OpsResults.Json((await backend.ListEmergenciesAsync(cancellationToken)).Select(e => Named(e, names)).ToList());
    }

    /// <summary>GET emergencies/{instanceId}.</summary>
    public async Task<IResult> GetEmergencyAsync(string? instanceId, CancellationToken cancellationToken)
    {
        if (OpsIds.InstanceId(instanceId) is { Count: > 0 } invalid)
        {
            return OpsResults.Invalid("The emergency id is not valid.", invalid);
        }

        if (await backend.FindEmergencyAsync(instanceId!, cancellationToken) is not { } detail)
        {
            return OpsResults.NotFound($"No emergency lifecycle '{instanceId}'.");
        }

        // People read this: the agent's display name, and each durable action in words.
        var names = await AgentNamesAsync(cancellationToken);
        return OpsResults.Json(new
        {
            emergency = Named(detail.Emergency, names),
            actions = detail.Actions?.Select(a => new { a.Sequence, a.Kind, a.Name, Action = OpsWording.Action(a.Kind, a.Name), a.RecordedAt, a.Error }),
            detail.Error,
        });
    }

    /// <summary>
    /// GET supervisor: everything the supervisor page shows, with an ETag (304 when <c>If-None-Match</c>
    /// names the current view) and the server's time in <see cref="SupervisorRoutes.AsOfHeader"/>.
    /// </summary>
    public async Task<IResult> GetSupervisorViewAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var names = await AgentNamesAsync(cancellationToken);
        var pool = await backend.ReadPoolAsync(cancellationToken);
        var view = SupervisorView.Build(pool.At, await backend.ListEmergenciesAsync(cancellationToken), pool.Pool,
            await backend.ListAlertsAsync(cancellationToken), await backend.ListRoutedCallbacksAsync(cancellationToken), id => names.GetValueOrDefault(id));

        var etag = view.ETag();
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "no-cache";
        headers[SupervisorRoutes.AsOfHeader] = OpsJson.Timestamp(view.AsOf);
        return SupervisorView.Matches(request.Headers.IfNoneMatch, etag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : OpsResults.Json(view);
    }

    private async Task<Dictionary<string, string>> AgentNamesAsync(CancellationToken cancellationToken) =>
        (await backend.ListAgentsAsync(cancellationToken)).ToDictionary(a => a.AgentId, a => a.DisplayName, StringComparer.Ordinal);

    private static EmergencyView Named(EmergencyView view, Dictionary<string, string> names) =>
        view with { AgentName = view.AgentId is not null && names.TryGetValue(view.AgentId, out var name) ? name : null };

    /// <summary>GET leases: the live callback leases.</summary>
    public async Task<IResult> ListLeasesAsync(CancellationToken cancellationToken)
    {
        var snapshot = await backend.ReadPoolAsync(cancellationToken);
        return OpsResults.Json(LeaseView.LiveIn(snapshot.Pool, snapshot.At));
    }

    /// <summary>POST leases/{number}/release: an operator releases a number whatever holds it.</summary>
    public async Task<IResult> ReleaseLeaseAsync(string? number, CancellationToken cancellationToken)
    {
        if (OpsIds.Number(number) is { Count: > 0 } invalid)
        {
            return OpsResults.Invalid("The lease was not released.", invalid);
        }

        var e164 = PhoneNumber.ToE164(number)!;
        var snapshot = await backend.ReadPoolAsync(cancellationToken);
        if (!snapshot.Pool.Numbers.Any(n => n.Number == e164))
        {
            return OpsResults.NotFound($"No pool number '{e164}'.");
        }

        return await ChangePoolAsync(snapshot, new PoolCommand.ReleaseNumber(e164), "The lease was not released.", cancellationToken);
    }

    /// <summary>GET pool.</summary>
    public async Task<IResult> GetPoolAsync(CancellationToken cancellationToken)
    {
        var snapshot = await backend.ReadPoolAsync(cancellationToken);
        return OpsResults.Json(PoolNumberView.Of(snapshot.Pool, snapshot.At));
    }

    /// <summary>PUT pool: the pool becomes exactly these numbers (a number with a live lease cannot be removed: 409).</summary>
    public async Task<IResult> ReplacePoolAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, unreadable) = await OpsJsonBody.ReadAsync<PoolDocument>(request, PoolExample);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (OpsValidation.Pool(body) is { Count: > 0 } invalid)
        {
            return OpsResults.Invalid("The pool was not changed.", invalid);
        }

        var numbers = body!.Numbers.Select(n => PhoneNumber.ToE164(n)!).Distinct(StringComparer.Ordinal).ToList();
        var cancellation = request.HttpContext.RequestAborted;
        return await ChangePoolAsync(await backend.ReadPoolAsync(cancellation), new PoolCommand.ReplaceNumbers(numbers), "The pool was not changed.", cancellation);
    }

    /// <summary>GET agents.</summary>
    public async Task<IResult> ListAgentsAsync(CancellationToken cancellationToken) =>
        OpsResults.Json(await backend.ListAgentsAsync(cancellationToken));

    /// <summary>GET agents/{agentId}.</summary>
    public async Task<IResult> GetAgentAsync(string? agentId, CancellationToken cancellationToken)
    {
        if (OpsIds.AgentId(agentId) is { Count: > 0 } invalid)
        {
            return OpsResults.Invalid("The agent id is not valid.", invalid);
        }

        return await backend.FindAgentAsync(agentId!, cancellationToken) is { } agent ? OpsResults.Json(agent) : UnknownAgent(agentId!);
    }

    /// <summary>PUT agents/{agentId}: creates or replaces an agent; every field is required.</summary>
    public async Task<IResult> PutAgentAsync(string? agentId, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (OpsIds.AgentId(agentId) is { Count: > 0 } invalidId)
        {
            return OpsResults.Invalid("The agent was not saved.", invalidId);
        }

        var (body, unreadable) = await OpsJsonBody.ReadAsync<AgentDocument>(request, AgentExample);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (OpsValidation.Agent(body) is { Count: > 0 } invalid)
        {
            return OpsResults.Invalid("The agent was not saved.", invalid);
        }

        var agent = body!.ToProfile(agentId!);
        await backend.SaveAgentAsync(agent, request.HttpContext.RequestAborted);
        LogAgentSaved(agentId!);
        return OpsResults.Json(agent);
    }

    /// <summary>DELETE agents/{agentId}.</summary>
    public async Task<IResult> DeleteAgentAsync(string? agentId, CancellationToken cancellationToken)
    {
        if (OpsIds.AgentId(agentId) is { Count: > 0 } invalid)
        {
            return OpsResults.Invalid("The agent id is not valid.", invalid);
        }

        if (!await backend.DeleteAgentAsync(agentId!, cancellationToken))
        {
            return UnknownAgent(agentId!);
        }

        LogAgentDeleted(agentId!);
        return TypedResults.NoContent();
    }

    /// <summary>GET agents/{agentId}/contacts.</summary>
    public async Task<IResult> GetContactsAsync(string? agentId, CancellationToken cancellationToken)
    {
        if (OpsIds.AgentId(agentId) is { Count: > 0 } invalid)
        {
            return OpsResults.Invalid("The agent id is not valid.", invalid);
        }

        return await backend.FindAgentAsync(agentId!, cancellationToken) is { } agent
            ? OpsResults.Json(new ContactsDocument(agent.EmergencyContacts))
            : UnknownAgent(agentId!);
    }

    /// <summary>
    /// PUT agents/{agentId}/contacts: replaces the contacts only when every entry is valid; a body
    /// without <c>contacts</c> is refused, so it never wipes the stored list.
    /// </summary>
    public async Task<IResult> PutContactsAsync(string? agentId, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (OpsIds.AgentId(agentId) is { Count: > 0 } invalidId)
        {
            return OpsResults.Invalid("The contacts were not saved.", invalidId);
        }

        var (body, unreadable) = await OpsJsonBody.ReadAsync<ContactsDocument>(request, ContactsExample);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (OpsValidation.ContactsDocument(body) is { Count: > 0 } invalid)
        {
            return OpsResults.Invalid("The contacts were not saved.", invalid);
        }

        var cancellation = request.HttpContext.RequestAborted;
        if (await backend.FindAgentAsync(agentId!, cancellation) is not { } agent)
        {
            return UnknownAgent(agentId!);
        }

        var saved = agent with { EmergencyContacts = EmergencyContacts.Parse(body!.Contacts).ToStoredForm() };
        await backend.SaveAgentAsync(saved, cancellation);
        LogContactsSaved(agentId!, EmergencyContacts.Parse(saved.EmergencyContacts).Addresses.Count);
        return OpsResults.Json(new ContactsDocument(saved.EmergencyContacts));
    }

    /// <summary>GET template.</summary>
    public async Task<IResult> GetTemplateAsync(CancellationToken cancellationToken) =>
        OpsResults.Json(await backend.GetTemplateAsync(cancellationToken));

    /// <summary>PUT template: all three parts are required; unknown placeholders are refused here, never at send time.</summary>
    public async Task<IResult> PutTemplateAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, unreadable) = await OpsJsonBody.ReadAsync<NotificationTemplate>(request, TemplateExample);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (OpsValidation.Template(body) is { Count: > 0 } invalid)
        {
            return OpsResults.Invalid("The template was not saved.", invalid);
        }

        await backend.SaveTemplateAsync(body!, request.HttpContext.RequestAborted);
        LogTemplateSaved();
        return OpsResults.Json(body);
    }

    /// <summary>
    /// Decides the change against the pool just read (so a refusal is a 409 now, not a silent no-op
    /// later), then lets the backend apply or queue it. A change that changes nothing is not sent.
    /// </summary>
    private async Task<IResult> ChangePoolAsync(PoolSnapshot snapshot, PoolCommand command, string refusal, CancellationToken cancellationToken)
    {
        var (expected, result) = CallbackPool.Decide(snapshot.Pool, command, snapshot.At);
        var decided = (PoolChange)result;
        var applied = decided.Changed ? await backend.ApplyPoolChangeAsync(command, snapshot.At, cancellationToken) : decided;
        var outcome = applied ?? decided;
        if (outcome.Rejected)
        {
            LogPoolChangeRefused(command.GetType().Name, outcome.Reason);
            return OpsResults.Problem(StatusCodes.Status409Conflict, refusal, outcome.Reason);
        }

        LogPoolChangeAccepted(command.GetType().Name, outcome.Changed, applied is not null);
        return OpsResults.Json(new PoolChangeView(outcome.Changed, outcome.Reason, applied is not null, PoolNumberView.Of(expected, snapshot.At)),
            StatusCodes.Status202Accepted);
    }

    private static IResult UnknownAgent(string agentId) => OpsResults.NotFound($"No agent '{agentId}'.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Ops: pool change {Command} accepted (changed: {Changed}, applied now: {Applied})")]
    private partial void LogPoolChangeAccepted(string command, bool changed, bool applied);

    // Refusal reasons come from the domain, which masks the numbers it names.
    [LoggerMessage(Level = LogLevel.Information, Message = "Ops: pool change {Command} refused: {Reason}")]
    private partial void LogPoolChangeRefused(string command, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ops: agent {AgentId} saved")]
    private partial void LogAgentSaved(string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ops: agent {AgentId} deleted")]
    private partial void LogAgentDeleted(string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ops: {Count} emergency contact(s) saved for agent {AgentId}")]
    private partial void LogContactsSaved(string agentId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ops: notification template saved")]
    private partial void LogTemplateSaved();
}
