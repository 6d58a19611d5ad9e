using System.Text.Json.Serialization;
using EmergencyFlow.Domain.Presence;

namespace EmergencyFlow.Domain.Lifecycle;

// Everything in this file crosses the durable boundary (orchestration input, activity payloads,
// journal entries): sealed records, no polymorphism, never rename a member while instances may be in flight.

/// <summary>The emergency call a lifecycle is about.</summary>
/// <param name="Call">The call's ACS ids.</param>
/// <param name="AgentId">Agent id.</param>
/// <param name="AgentIdentity">Agent ACS raw id.</param>
/// <param name="DialledNumber">The normalised emergency (or test) number.</param>
/// <param name="CountryIso">ISO country code.</param>
/// <param name="CountryName">Country display name.</param>
/// <param name="IsTest">True for a test call (933).</param>
/// <param name="PlacedAt">When the dialer placed the call.</param>
/// <param name="Location">Location from the browser, when given.</param>
public sealed record EmergencyCall(
    CallKey Call,
    string AgentId,
    string AgentIdentity,
    string DialledNumber,
    string CountryIso,
    string CountryName,
    bool IsTest,
    DateTimeOffset PlacedAt,
    string? Location);

/// <summary>Lifecycle settings, fixed per instance when it starts.</summary>
/// <param name="CallbackWindow">How long the callback number stays leased after the call ends.</param>
/// <param name="CallEndDeadline">How long to wait for the call to end before restoring presence anyway.</param>
/// <param name="NotifyOnTestCalls">Whether test calls (933) email the contacts.</param>
/// <param name="CallEndSilenceAlert">
/// How long after the start operators are alerted that no end signal has come yet (the call goes on waiting until
/// <paramref name="CallEndDeadline"/>); null or not shorter than the deadline: no such alert. Added later with a
/// default, so settings stored before it still read.
/// </param>
public sealed record LifecycleSettings(TimeSpan CallbackWindow, TimeSpan CallEndDeadline, bool NotifyOnTestCalls, TimeSpan? CallEndSilenceAlert = null)
{
    /// <summary>60-minute callback window, 4-hour call-end deadline, an alert after 30 minutes without an end, no email for test calls.</summary>
    public static LifecycleSettings Default { get; } = new(TimeSpan.FromMinutes(60), TimeSpan.FromHours(4), false, TimeSpan.FromMinutes(30));
}

/// <summary>The orchestration input.</summary>
/// <param name="InstanceId">The instance id (derived from the call).</param>
/// <param name="Call">The call.</param>
/// <param name="Settings">Settings for this instance.</param>
/// <param name="EndedBeforeStartAt">Set when the call's end was seen before its start: no DND, no wait.</param>
/// <param name="Revision">
/// Which revision of the workflow the instance started under (<see cref="LifecycleRevision"/>): a lifecycle in flight
/// when a new revision is deployed replays the durable actions it was started with. Inputs stored before revisions
/// existed read as 1.
/// </param>
public sealed record LifecycleInput(string InstanceId, EmergencyCall Call, LifecycleSettings Settings, DateTimeOffset? EndedBeforeStartAt, int Revision = LifecycleRevision.First);

/// <summary>
/// Revisions of the workflow's durable actions. A change that adds or reorders durable actions gets a new revision and
/// is taken only by lifecycles started under it; lifecycles in flight keep replaying the actions they recorded.
/// </summary>
public static class LifecycleRevision
{
    /// <summary>DND, lease, notify, wait, restore, window, release.</summary>
    public const int First = 1;

    /// <summary>
    /// The agent's identity comes from the directory (a step before DND); operators are alerted when no end signal has
    /// come after <see cref="LifecycleSettings.CallEndSilenceAlert"/>, when stored contacts were skipped, and when the
    /// mail service refused some recipients.
    /// </summary>
    public const int DirectoryIdentity = 2;

    /// <summary>The revision new lifecycles start under.</summary>
    public const int Current = DirectoryIdentity;
}

/// <summary>Input of the step that looks the agent up in the directory.</summary>
/// <param name="IdempotencyKey">The step's key.</param>
/// <param name="AgentId">The agent the dialer named.</param>
/// <param name="ClaimedIdentity">The identity the dialer's event carried (compared, never trusted).</param>
public sealed record IdentifyAgentInput(string IdempotencyKey, string AgentId, string ClaimedIdentity) : IStepInput;

/// <summary>What the directory says of the agent the dialer named.</summary>
/// <param name="InDirectory">True when the agent is in the directory.</param>
/// <param name="Identity">The directory's ACS identity for the agent; null when the agent is not in the directory.</param>
/// <param name="MatchesClaim">True when the event's identity is the directory's.</param>
public sealed record AgentIdentityCheck(bool InDirectory, string? Identity, bool MatchesClaim);

/// <summary>Input of the Do Not Disturb step; returns the presence to restore.</summary>
public sealed record SetDoNotDisturbInput(string IdempotencyKey, string AgentId, string AgentIdentity) : IStepInput;

/// <summary>Input of the restore-presence step.</summary>
public sealed record RestorePresenceInput(string IdempotencyKey, string AgentId, string AgentIdentity, PresenceSnapshot Previous) : IStepInput;

/// <summary>Input of the notification step: the activity loads the agent's contacts and the template.</summary>
/// <remarks><c>CountryIso</c> was added later with a default, so a request journaled before it still reads (its email gives UTC only).</remarks>
public sealed record NotificationRequest(
    string IdempotencyKey,
    string InstanceId,
    string AgentId,
    string DialledNumber,
    string CountryName,
    string? CallbackNumber,
    DateTimeOffset PlacedAt,
    string? Location,
    bool IsTest,
    string? CountryIso = null) : IStepInput;

/// <summary>How the notification step ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationStatus>))]
public enum NotificationStatus
{
    /// <summary>One email was accepted for delivery to all valid contacts.</summary>
    Sent,

    /// <summary>The agent has no (valid) emergency contacts: nothing sent, recorded.</summary>
    NoContacts,

    /// <summary>The agent is not in the directory: nothing sent, operators alerted.</summary>
    UnknownAgent,

    /// <summary>Test call: contacts are not emailed unless configured.</summary>
    SkippedForTestCall,

    /// <summary>The email service refused the message after retries: operators alerted.</summary>
    Failed,
}

/// <summary>Result of the notification step.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Recipients">How many contacts the email went to.</param>
/// <param name="RejectedContacts">How many stored contacts were invalid and skipped.</param>
/// <param name="MessageId">The email service's operation id, for delivery reports.</param>
/// <param name="Detail">A sentence for the operator (no addresses).</param>
/// <param name="RefusedRecipients">Recipients the mail service refused while it took the others, masked; added later with a default.</param>
public sealed record NotificationOutcome(NotificationStatus Status, int Recipients, int RejectedContacts, string? MessageId, string Detail, IReadOnlyList<string>? RefusedRecipients = null);

/// <summary>What operators are alerted about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))]
public enum AlertKind
{
    /// <summary>No free callback number: the lifecycle went on without one.</summary>
    PoolExhausted,

    /// <summary>The call end never arrived; presence was restored at the deadline.</summary>
    CallEndMissing,

    /// <summary>Presence could not be set or restored.</summary>
    PresenceFailed,

    /// <summary>The notification email could not be sent.</summary>
    NotificationFailed,

    /// <summary>The agent is not in the directory.</summary>
    UnknownAgent,

    /// <summary>The email service reported the notification as bounced, failed or suppressed.</summary>
    NotificationNotDelivered,

    /// <summary>The lifecycle itself failed (a bug or a broken store): presence and the callback number need a person.</summary>
    LifecycleFailed,

    /// <summary>The callback pool could not be reached: the lifecycle went on without a dedicated callback number.</summary>
    PoolUnavailable,

    /// <summary>No end signal yet, well before the deadline: the dialer may not be sending its call-ended event.</summary>
    CallEndSilent,

    /// <summary>Stored emergency contacts could not be emailed and were skipped; the others were emailed.</summary>
    ContactsSkipped,

    /// <summary>The mail service refused some recipients; the others were emailed.</summary>
    RecipientsRefused,

    /// <summary>The dialer's event named an identity that is not the directory's; the directory's was used.</summary>
    IdentityMismatch,

    /// <summary>A callback to a pool number whose lease had ended went to the contact centre's fallback.</summary>
    CallbackToFallback,
}

/// <summary>An alert to operators (no personal data in <paramref name="Message"/>).</summary>
public sealed record OperatorAlert(string IdempotencyKey, string InstanceId, AlertKind Kind, string Message) : IStepInput;

/// <summary>Acknowledgement of a step that returns nothing else.</summary>
/// <param name="Done">Always true; a record so the journal has a value.</param>
public sealed record StepDone(bool Done = true);

/// <summary>How the wait for the call's end finished.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallEndSource>))]
public enum CallEndSource
{
    /// <summary>The dialer's "outbound call ended" event.</summary>
    Dialer,

    /// <summary>ACS <c>CallEnded</c>.</summary>
    Acs,

    /// <summary>No end arrived before the deadline.</summary>
    Deadline,

    /// <summary>The end was known before the lifecycle started.</summary>
    BeforeStart,
}

/// <summary>The call's end as the lifecycle saw it.</summary>
/// <param name="At">When the call ended (or the deadline, when it never arrived).</param>
/// <param name="Source">Which signal ended the wait.</param>
public sealed record CallEnd(DateTimeOffset At, CallEndSource Source)
{
    /// <summary>True when the wait ended at the deadline.</summary>
    [JsonIgnore]
    public bool TimedOut => Source == CallEndSource.Deadline;
}

/// <summary>Stages an operator sees, in order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LifecycleStage>))]
public enum LifecycleStage
{
    /// <summary>The lifecycle has started.</summary>
    Started,

    /// <summary>The agent is in Do Not Disturb.</summary>
    DoNotDisturbSet,

    /// <summary>A callback number is leased (or the pool was exhausted).</summary>
    CallbackLeased,

    /// <summary>Contacts were notified (or the reason they were not is recorded).</summary>
    ContactsNotified,

    /// <summary>Waiting for the call to end.</summary>
    WaitingForCallEnd,

    /// <summary>The agent's previous presence is back.</summary>
    PresenceRestored,

    /// <summary>The call is over; callbacks still reach the agent until the lease expires.</summary>
    CallbackWindowOpen,

    /// <summary>The callback number is back in the pool; the lifecycle is over.</summary>
    Completed,
}

/// <summary>
/// What the lifecycle reports at each stage: the operator's view (custom status in Durable
/// Functions Monitor, the local ops API). Phone numbers are masked; the emergency number is not personal.
/// </summary>
/// <remarks>Property names are fixed (camelCase) so the Monitor tab and the ops API read the same JSON whatever serializer settings a host uses.</remarks>
public sealed record LifecycleStatus(
    [property: JsonPropertyName("stage")] LifecycleStage Stage,
    [property: JsonPropertyName("agentId")] string AgentId,
    [property: JsonPropertyName("dialledNumber")] string DialledNumber,
    [property: JsonPropertyName("countryIso")] string CountryIso,
    [property: JsonPropertyName("isTest")] bool IsTest,
    [property: JsonPropertyName("placedAt")] DateTimeOffset PlacedAt,
    [property: JsonPropertyName("callbackNumberMasked")] string? CallbackNumberMasked,
    [property: JsonPropertyName("leaseExpiresAt")] DateTimeOffset? LeaseExpiresAt,
    [property: JsonPropertyName("callEndedAt")] DateTimeOffset? CallEndedAt,
    [property: JsonPropertyName("endedBy")] CallEndSource? EndedBy,
    [property: JsonPropertyName("notification")] NotificationStatus? Notification,
    [property: JsonPropertyName("alerts")] IReadOnlyList<AlertKind> Alerts)
{
    /// <summary>A one-line summary that reads well in an instance list (Durable Functions Monitor shows the custom status there).</summary>
    [JsonPropertyName("summary")]
    public string Summary =>
        $"{Stage} | agent {AgentId} | {DialledNumber} {CountryIso}{(IsTest ? " TEST" : string.Empty)} | callback {CallbackNumberMasked ?? "none"}"
        + (Alerts.Count > 0 ? $" | alerts: {string.Join(",", Alerts)}" : string.Empty);
}

/// <summary>How a lifecycle ended (the orchestration output).</summary>
public sealed record LifecycleOutcome(
    LifecycleStatus FinalStatus,
    PresenceSnapshot? PreviousPresence,
    PresenceRestoreResult? Restore,
    string? CallbackNumber,
    NotificationOutcome? Notification,
    CallEnd? End);
