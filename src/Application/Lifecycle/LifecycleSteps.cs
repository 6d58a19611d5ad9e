using System.Text.Json;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Domain.Privacy;
using EmergencyFlow.Application.Alerts;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Presence;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Application.Lifecycle;

/// <summary>
/// The lifecycle's side-effect steps, host-neutral: the local host registers them with its runtime,
/// the Functions host calls them from its activity functions. Every decision is in the domain; this
/// class loads, calls the domain, and writes through its ports.
/// </summary>
public sealed partial class LifecycleSteps(
    IPresenceGateway presence,
    IAgentDirectory directory,
    IEmailSender email,
    IOperatorAlerts alerts,
    IStepMemory memory,
    TimeProvider clock,
    ILogger<LifecycleSteps> logger)
{
    /// <summary>How long Do Not Disturb holds when the step's input carries no deadline (inputs stored before it did).</summary>
    public static readonly TimeSpan DefaultHold = TimeSpan.FromHours(4);

    /// <summary>The shortest hold a presence system is asked for (Graph's minimum expiry).</summary>
    public static readonly TimeSpan MinimumHold = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Looks the agent up in the directory: presence and callback redirects go to the directory's identity, never
    /// to the one a dialer event claims (a forged or stale event must not put someone else in Do Not Disturb).
    /// </summary>
    public async Task<AgentIdentityCheck> IdentifyAgentAsync(IdentifyAgentInput input, CancellationToken cancellationToken)
    {
        using var span = EmergencyTelemetry.StartStep(Domain.Lifecycle.Steps.IdentifyAgent.Name, input?.IdempotencyKey);
        ArgumentNullException.ThrowIfNull(input);
        if (await directory.FindAsync(input.AgentId, cancellationToken) is not { } agent)
        {
            LogAgentUnknown(input.AgentId);
            return new AgentIdentityCheck(InDirectory: false, Identity: null, MatchesClaim: false);
        }

        var matches = string.Equals(agent.AcsIdentity.Trim(), input.ClaimedIdentity?.Trim(), StringComparison.Ordinal);
        if (!matches)
        {
            LogIdentityMismatch(input.AgentId);
        }

        return new AgentIdentityCheck(InDirectory: true, agent.AcsIdentity.Trim(), matches);
    }

    /// <summary>Sets Do Not Disturb; returns the presence to restore (the same one if the step is retried).</summary>
    public async Task<PresenceSnapshot> SetDoNotDisturbAsync(SetDoNotDisturbInput input, CancellationToken cancellationToken)
    {
        using var span = EmergencyTelemetry.StartStep(Domain.Lifecycle.Steps.SetDoNotDisturb.Name, input?.IdempotencyKey);
        ArgumentNullException.ThrowIfNull(input);
        var remembered = await memory.RecallAsync(input.IdempotencyKey, cancellationToken);
        var previous = remembered is null
            ? await presence.GetAsync(input.AgentId, input.AgentIdentity, cancellationToken)
            : JsonSerializer.Deserialize<PresenceSnapshot>(remembered)!;
        if (remembered is null)
        {
            await memory.RememberAsync(input.IdempotencyKey, JsonSerializer.Serialize(previous), cancellationToken);
        }

        // Held until the call-end deadline: the restore comes before it, or the deadline's own restore does.
        var holdFor = input.Until is { } until ? until - clock.GetUtcNow() : DefaultHold;
        await presence.SetDoNotDisturbAsync(input.AgentId, input.AgentIdentity, holdFor < MinimumHold ? MinimumHold : holdFor, cancellationToken);
        LogPresence(input.AgentId, PresenceSnapshot.DoNotDisturb.Availability, previous.Availability);
        return previous;
    }

    /// <summary>Takes back Do Not Disturb and restores the previous presence, unless the agent changed it during the call.</summary>
    public async Task<PresenceRestoreResult> RestorePresenceAsync(RestorePresenceInput input, CancellationToken cancellationToken)
    {
        using var span = EmergencyTelemetry.StartStep(Domain.Lifecycle.Steps.RestorePresence.Name, input?.IdempotencyKey);
        ArgumentNullException.ThrowIfNull(input);
        // A retry must not judge the presence it wrote itself as "changed by the agent": the first decision stands.
        var remembered = await memory.RecallAsync(input.IdempotencyKey, cancellationToken);
        PresenceRestoreResult decision;
        if (remembered is null)
        {
            var current = await presence.GetAsync(input.AgentId, input.AgentIdentity, cancellationToken);
            decision = PresenceRules.DecideRestore(current, input.Previous);
            await memory.RememberAsync(input.IdempotencyKey, JsonSerializer.Serialize(decision), cancellationToken);
        }
        else
        {
            decision = JsonSerializer.Deserialize<PresenceRestoreResult>(remembered)!;
        }

        // Always: what EmergencyFlow set must go even when the agent's own choice stays (an app's presence left behind
        // would show again the moment the agent clears theirs).
        await presence.RestoreAsync(input.AgentId, input.AgentIdentity, input.Previous, decision.AgentChoseDuringCall, cancellationToken);

        LogRestore(input.AgentId, decision.Reason);
        return decision;
    }

    /// <summary>Composes and sends the one notification email of an emergency.</summary>
    public async Task<NotificationOutcome> SendNotificationAsync(NotificationRequest request, CancellationToken cancellationToken)
    {
        using var span = EmergencyTelemetry.StartStep(Domain.Lifecycle.Steps.SendNotification.Name, request?.IdempotencyKey);
        ArgumentNullException.ThrowIfNull(request);
        var agent = await directory.FindAsync(request.AgentId, cancellationToken);
        var template = await directory.GetTemplateAsync(cancellationToken);
        var (message, notSent) = NotificationComposer.Compose(request, agent, template);
        if (message is null)
        {
            LogNotSent(request.InstanceId, notSent!.Status, notSent.Detail);
            return notSent;
        }

        var receipt = await email.SendAsync(message, cancellationToken);
        var messageId = receipt.MessageId;
        LogSent(request.InstanceId, message.Recipients.Count - receipt.RefusedRecipients.Count, string.Join(", ", message.Recipients.Select(Mask.Email)), messageId);
        if (message.RejectedContacts.Count > 0)
        {
            LogContactsSkipped(request.InstanceId, message.RejectedContacts.Count, string.Join(", ", message.RejectedContacts.Select(r => Mask.Email(r.Entry))));
        }

        return NotificationComposer.Sent(message, messageId, receipt.RefusedRecipients.Count == 0 ? null : [.. receipt.RefusedRecipients.Select(Mask.Email)]);
    }

    /// <summary>Raises an operator alert.</summary>
    public async Task<StepDone> AlertOperatorsAsync(OperatorAlert alert, CancellationToken cancellationToken)
    {
        using var span = EmergencyTelemetry.StartStep(Domain.Lifecycle.Steps.AlertOperators.Name, alert?.IdempotencyKey);
        ArgumentNullException.ThrowIfNull(alert);
        await alerts.RaiseAsync(alert, cancellationToken);
        EmergencyTelemetry.AlertRaised(alert.Kind);
        LogAlert(alert.InstanceId, alert.Kind, alert.Message);
        return new StepDone();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} is not in the directory")]
    private partial void LogAgentUnknown(string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId}: the dialer's identity is not the directory's; the directory's is used")]
    private partial void LogIdentityMismatch(string agentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Presence of agent {AgentId} set to {Availability} (was {Previous})")]
    private partial void LogPresence(string agentId, string availability, string previous);

    [LoggerMessage(Level = LogLevel.Information, Message = "Presence of agent {AgentId} after the call: {Reason}")]
    private partial void LogRestore(string agentId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lifecycle {InstanceId}: no notification sent ({Status}): {Detail}")]
    private partial void LogNotSent(string instanceId, NotificationStatus status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lifecycle {InstanceId}: notification sent to {Count} contact(s) {Recipients} as message {MessageId}")]
    private partial void LogSent(string instanceId, int count, string recipients, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lifecycle {InstanceId}: {Count} stored contact(s) {Contacts} could not be emailed and were skipped; the others were emailed")]
    private partial void LogContactsSkipped(string instanceId, int count, string contacts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lifecycle {InstanceId}: operator alert {Kind}: {Message}")]
    private partial void LogAlert(string instanceId, AlertKind kind, string message);
}
