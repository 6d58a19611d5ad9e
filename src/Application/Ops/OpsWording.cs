using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Ops;

/// <summary>
/// The words operators read for the workflow's internal names (stages, durable actions, alert kinds),
/// written once so the supervisor page, the ops API and both hosts say the same thing.
/// </summary>
public static class OpsWording
{
    /// <summary>A stage as a short phrase.</summary>
    public static string Stage(LifecycleStage? stage) => stage switch
    {
        LifecycleStage.Started => "Started",
        LifecycleStage.DoNotDisturbSet => "Agent in Do Not Disturb",
        LifecycleStage.CallbackLeased => "Callback number leased",
        LifecycleStage.ContactsNotified => "Contacts notified",
        LifecycleStage.WaitingForCallEnd => "On the emergency call",
        LifecycleStage.PresenceRestored => "Presence restored",
        LifecycleStage.CallbackWindowOpen => "Call over, callback window open",
        LifecycleStage.Completed => "Completed, callback number released",
        _ => "Starting: first step not recorded yet",
    };

    /// <summary>
    /// A durable action (journal kind and step or pool operation name) as words: "Set Do Not Disturb",
    /// not <c>SetDoNotDisturb</c>. Unknown names are split at capitals rather than shown raw.
    /// </summary>
    public static string Action(string kind, string name) => (kind, name) switch
    {
        (_, "IdentifyAgent") => "Look the agent up in the directory",
        (_, "SetDoNotDisturb") => "Set Do Not Disturb",
        (_, "RestorePresence") => "Restore the agent's presence",
        (_, "SendNotification") => "Email the emergency contacts",
        (_, "AlertOperators") => "Alert operators",
        ("Pool", "Lease") => "Lease a callback number",
        ("Pool", "Extend") => "Extend the callback lease",
        ("Pool", "Release") => "Release the callback number",
        ("Timer", _) => $"Durable timer until {name}",
        ("Event", _) => "Call end received",
        _ => Words(name),
    };

    /// <summary>A notification outcome as a sentence fragment.</summary>
    public static string Notification(NotificationStatus? status) => status switch
    {
        NotificationStatus.Sent => "Contacts emailed",
        NotificationStatus.NoContacts => "No emergency contacts on file",
        NotificationStatus.UnknownAgent => "Not emailed: agent not in the directory",
        NotificationStatus.SkippedForTestCall => "Not emailed: test call",
        NotificationStatus.Failed => "Email failed",
        _ => "Not emailed yet",
    };

    /// <summary>"PoolExhausted" → "Pool exhausted".</summary>
    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}

/// <summary>What an operator does about one kind of alert; <see cref="Docs"/> is its entry in the runbook the page serves.</summary>
/// <param name="Kind">Stable key (kebab case), also the docs anchor.</param>
/// <param name="Title">The alert's name on screen.</param>
/// <param name="Action">What to do, in one or two sentences.</param>
/// <param name="Docs">Its runbook entry, relative to the supervisor page (<c>supervisor/runbook.html#alert-…</c>: the same link on both hosts).</param>
public sealed record AlertGuidance(string Kind, string Title, string Action, string Docs)
{
    /// <summary>The kind a failed lifecycle is shown as (not an <see cref="AlertKind"/>: the workflow cannot report its own crash).</summary>
    public const string LifecycleFailedKind = "lifecycle-failed";

    /// <summary>Guidance for a failed lifecycle.</summary>
    public static AlertGuidance LifecycleFailed { get; } = Make(LifecycleFailedKind, "Lifecycle failed",
        "Check the agent's presence and the callback lease by hand; restore presence in Teams and release the number when the window has passed.");

    /// <summary>Guidance for an alert kind.</summary>
    public static AlertGuidance For(AlertKind kind) => kind switch
    {
        AlertKind.PoolExhausted => Make("pool-exhausted", "Callback pool exhausted",
            "Add callback numbers to the pool now (PUT /api/ops/pool). If the emergency service asks, give the contact centre's main number."),
        AlertKind.NotificationNotDelivered => Make("email-bounced", "Notification email bounced",
            "Phone the contact whose email bounced, then correct the address in the agent's contacts."),
        AlertKind.NotificationFailed => Make("email-failed", "Notification email failed",
            "Phone the agent's emergency contacts yourself (GET /api/ops/agents/{id}/contacts)."),
        AlertKind.CallEndMissing => Make("call-end-missing", "Call end missing",
            "Presence was restored at the deadline. Check that the dialer still sends call-ended events."),
        AlertKind.PresenceFailed => Make("presence-failed", "Presence not changed",
            "Set the agent's presence by hand in Teams (Do Not Disturb during the call, back afterwards)."),
        AlertKind.UnknownAgent => Make("unknown-agent", "Agent not in the directory",
            "Phone the agent: presence was not changed and nobody was emailed; callbacks go to the fallback. Add the agent with their identity and contacts (PUT /api/ops/agents/{id})."),
        AlertKind.PoolUnavailable => Make("pool-unavailable", "Callback pool unavailable",
            "The emergency went on without a dedicated callback number. Check the pool (GET /api/ops/pool) and the app's health; give the emergency service the main number if it asks."),
        AlertKind.CallEndSilent => Make("call-end-silent", "No call end yet",
            "The agent is still in Do Not Disturb. Ask the agent whether the call is over; check that the dialer sends its call-ended event."),
        AlertKind.ContactsSkipped => Make("contacts-skipped", "Emergency contacts skipped",
            "Phone the contacts that were not emailed (GET /api/ops/agents/{id}/contacts), then fix them."),
        AlertKind.RecipientsRefused => Make("recipients-refused", "Email refused for some contacts",
            "Phone the refused contacts; the others were emailed. Check the addresses and the email domain's suppression list."),
        AlertKind.IdentityMismatch => Make("identity-mismatch", "Dialer identity differs from the directory",
            "The directory's identity was used. Check which is right and correct the directory or the dialer's configuration."),
        AlertKind.LifecycleFailed => LifecycleFailed,
        AlertKind.CallbackToFallback => Make("callback-fallback", "Late callback sent to the fallback",
            "An emergency service called back after the callback window: make sure the fallback line answered and reaches the agent or a supervisor."),
        _ => Make("other", OpsWording.Words(kind.ToString()), "See the operations guide."),
    };

    private static AlertGuidance Make(string kind, string title, string action) =>
        new(kind, title, action, RunbookPage + "#alert-" + kind);

    /// <summary>The runbook among the supervisor page's files; a relative link resolves under /supervisor locally and /api/supervisor in Azure.</summary>
    public const string RunbookPage = "supervisor/runbook.html";
}
