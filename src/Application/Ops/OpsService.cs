using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Notifications;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Application.Ops;

/// <summary>
/// What the ops API does, once for both hosts and free of HTTP: read models named for people (agent display
/// names, actions in words), pool changes decided against the pool as it stands (so a refusal is known now,
/// not lost in a queue), agent, contacts and template changes. The HTTP surface validates the request, calls
/// this, and turns the outcome into a status code; what differs by host is behind <see cref="IOpsBackend"/>.
/// </summary>
public sealed partial class OpsService(IOpsBackend backend, ILogger<OpsService> logger)
{
    /// <summary>Lifecycles, newest first, with the agent's display name.</summary>
    public async Task<IReadOnlyList<EmergencyView>> ListEmergenciesAsync(CancellationToken cancellationToken)
    {
        var names = await AgentNamesAsync(cancellationToken);
        return [.. (await backend.ListEmergenciesAsync(cancellationToken)).Select(e => Named(e, names))];
    }

    /// <summary>One lifecycle with its durable actions in words, or null when there is none.</summary>
    public async Task<EmergencyDetailView?> FindEmergencyAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (await backend.FindEmergencyAsync(instanceId, cancellationToken) is not { } detail)
        {
            return null;
        }

        var names = await AgentNamesAsync(cancellationToken);
        return new EmergencyDetailView(
            Named(detail.Emergency, names),
            detail.Actions?.Select(a => new EmergencyActionView(a.Sequence, a.Kind, a.Name, OpsWording.Action(a.Kind, a.Name), a.RecordedAt, a.Error)).ToList(),
            detail.Error);
    }

    /// <summary>Everything the supervisor page shows, as of the backend's clock.</summary>
    public async Task<SupervisorView> SupervisorViewAsync(CancellationToken cancellationToken)
    {
        var names = await AgentNamesAsync(cancellationToken);
        var pool = await backend.ReadPoolAsync(cancellationToken);
        return SupervisorView.Build(pool.At, await backend.ListEmergenciesAsync(cancellationToken), pool.Pool,
            await backend.ListAlertsAsync(cancellationToken), await backend.ListRoutedCallbacksAsync(cancellationToken), id => names.GetValueOrDefault(id),
            await backend.ListAcknowledgementsAsync(SupervisorView.AlertsKeptFor, cancellationToken));
    }

    /// <summary>The hand-over of the last <paramref name="hours"/> hours: emergencies, how each ended, alerts and their acknowledgements.</summary>
    public async Task<HandoverReport> HandoverAsync(int hours, CancellationToken cancellationToken)
    {
        var names = await AgentNamesAsync(cancellationToken);
        var at = (await backend.ReadPoolAsync(cancellationToken)).At;
        return HandoverReport.Build(at, hours, await backend.ListEmergenciesAsync(cancellationToken), await backend.ListAlertsAsync(cancellationToken),
            await backend.ListAcknowledgementsAsync(TimeSpan.FromHours(hours), cancellationToken), id => names.GetValueOrDefault(id));
    }

    /// <summary>
    /// A supervisor acknowledges an alert on the view: recorded once (a repeat answers what was recorded), audited by
    /// the record itself and a log line; the alert leaves the red list for the acknowledged history.
    /// </summary>
    public async Task<AcknowledgementResult> AcknowledgeAlertAsync(AlertAcknowledgementDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var alertId = document.AlertId!;
        var view = await SupervisorViewAsync(cancellationToken);
        if (view.Acknowledged.FirstOrDefault(a => a.Id == alertId) is { } earlier)
        {
            return new AcknowledgementResult(AcknowledgementStatus.AlreadyRecorded, new AlertAcknowledgement(alertId, earlier.By, earlier.Note, earlier.AcknowledgedAt));
        }

        if (view.Alerts.All(a => a.Id != alertId))
        {
            return new AcknowledgementResult(AcknowledgementStatus.NotFound, null);
        }

        var recorded = await backend.AcknowledgeAlertAsync(alertId, document.By!.Trim(), document.Note?.Trim() ?? string.Empty, cancellationToken);
        var mine = recorded.By == document.By.Trim() && recorded.Note == (document.Note?.Trim() ?? string.Empty);
        if (mine)
        {
            LogAcknowledged(alertId, recorded.By);
        }

        return new AcknowledgementResult(mine ? AcknowledgementStatus.Recorded : AcknowledgementStatus.AlreadyRecorded, recorded);
    }

    /// <summary>The live callback leases.</summary>
    public async Task<IReadOnlyList<LeaseView>> ListLeasesAsync(CancellationToken cancellationToken)
    {
        var snapshot = await backend.ReadPoolAsync(cancellationToken);
        return LeaseView.LiveIn(snapshot.Pool, snapshot.At);
    }

    /// <summary>The pool and which numbers are leased now.</summary>
    public async Task<IReadOnlyList<PoolNumberView>> ListPoolAsync(CancellationToken cancellationToken)
    {
        var snapshot = await backend.ReadPoolAsync(cancellationToken);
        return PoolNumberView.Of(snapshot.Pool, snapshot.At);
    }

    /// <summary>An operator releases a pool number (E.164) whatever holds it.</summary>
    public async Task<PoolChangeResult> ReleaseNumberAsync(string number, CancellationToken cancellationToken)
    {
        var snapshot = await backend.ReadPoolAsync(cancellationToken);
        return snapshot.Pool.Numbers.Any(n => n.Number == number)
            ? await ChangePoolAsync(snapshot, new PoolCommand.ReleaseNumber(number), cancellationToken)
            : new PoolChangeResult(PoolChangeStatus.NotFound, $"No pool number '{number}'.", null);
    }

    /// <summary>The pool becomes exactly these numbers (E.164, distinct); a number with a live lease cannot be removed.</summary>
    public async Task<PoolChangeResult> ReplacePoolAsync(IReadOnlyList<string> numbers, CancellationToken cancellationToken) =>
        await ChangePoolAsync(await backend.ReadPoolAsync(cancellationToken), new PoolCommand.ReplaceNumbers(numbers), cancellationToken);

    /// <summary>Every agent.</summary>
    public Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken) => backend.ListAgentsAsync(cancellationToken);

    /// <summary>One agent, or null.</summary>
    public Task<AgentProfile?> FindAgentAsync(string agentId, CancellationToken cancellationToken) => backend.FindAgentAsync(agentId, cancellationToken);

    /// <summary>Creates or replaces an agent from a validated document.</summary>
    public async Task<AgentProfile> SaveAgentAsync(string agentId, AgentDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var agent = document.ToProfile(agentId);
        await backend.SaveAgentAsync(agent, cancellationToken);
        LogAgentSaved(agentId);
        return agent;
    }

    /// <summary>Deletes an agent; false when there was none.</summary>
    public async Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken)
    {
        var deleted = await backend.DeleteAgentAsync(agentId, cancellationToken);
        if (deleted)
        {
            LogAgentDeleted(agentId);
        }

        return deleted;
    }

    /// <summary>Replaces an agent's contacts from a validated document; null when the agent is unknown.</summary>
    public async Task<ContactsDocument?> SaveContactsAsync(string agentId, ContactsDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (await backend.FindAgentAsync(agentId, cancellationToken) is not { } agent)
        {
            return null;
        }

        var contacts = EmergencyContacts.Parse(document.Contacts);
        await backend.SaveAgentAsync(agent with { EmergencyContacts = contacts.ToStoredForm() }, cancellationToken);
        LogContactsSaved(agentId, contacts.Addresses.Count);
        return new ContactsDocument(contacts.ToStoredForm());
    }

    /// <summary>The template in effect.</summary>
    public Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken) => backend.GetTemplateAsync(cancellationToken);

    /// <summary>Saves a validated template.</summary>
    public async Task<NotificationTemplate> SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken)
    {
        await backend.SaveTemplateAsync(template, cancellationToken);
        LogTemplateSaved();
        return template;
    }

    /// <summary>
    /// Decides the change against the pool just read, then lets the backend apply or queue it; a change that
    /// changes nothing is not sent. Refused when the domain refuses it, now or when the backend applies it.
    /// </summary>
    private async Task<PoolChangeResult> ChangePoolAsync(PoolSnapshot snapshot, PoolCommand command, CancellationToken cancellationToken)
    {
        var (expected, result) = CallbackPool.Decide(snapshot.Pool, command, snapshot.At);
        var decided = (PoolChange)result;
        var applied = decided.Changed ? await backend.ApplyPoolChangeAsync(command, snapshot.At, cancellationToken) : decided;
        var outcome = applied ?? decided;
        if (outcome.Rejected)
        {
            LogPoolChangeRefused(command.GetType().Name, outcome.Reason);
            return new PoolChangeResult(PoolChangeStatus.Refused, outcome.Reason, null);
        }

        LogPoolChangeAccepted(command.GetType().Name, outcome.Changed, applied is not null);
        return new PoolChangeResult(PoolChangeStatus.Accepted, null,
            new PoolChangeView(outcome.Changed, outcome.Reason, applied is not null, PoolNumberView.Of(expected, snapshot.At)));
    }

    private async Task<Dictionary<string, string>> AgentNamesAsync(CancellationToken cancellationToken) =>
        (await backend.ListAgentsAsync(cancellationToken)).ToDictionary(a => a.AgentId, a => a.DisplayName, StringComparer.Ordinal);

    private static EmergencyView Named(EmergencyView view, Dictionary<string, string> names) =>
        view with { AgentName = view.AgentId is not null && names.TryGetValue(view.AgentId, out var name) ? name : null };

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

    // The audit line: which alert, who. The note stays in the record (it may name people), not in the logs.
    [LoggerMessage(Level = LogLevel.Information, Message = "Ops: alert {AlertId} acknowledged by {By}")]
    private partial void LogAcknowledged(string alertId, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ops: notification template saved")]
    private partial void LogTemplateSaved();
}
