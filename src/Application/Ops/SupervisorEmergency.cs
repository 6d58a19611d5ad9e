
namespace EmergencyFlow.Application.Ops;

/// <summary>A lifecycle on the supervisor page.</summary>
/// <param name="InstanceId">Lifecycle id.</param>
/// <param name="Status"><c>running</c>, <c>completed</c> or <c>failed</c>.</param>
/// <param name="AgentId">Agent id.</param>
/// <param name="AgentName">Display name from the directory (the id when the agent is unknown).</param>
/// <param name="DialledNumber">The emergency number (short, public; anything longer is masked).</param>
/// <param name="Country">ISO country code.</param>
/// <param name="IsTest">A test call (933).</param>
/// <param name="Stage">The stage's key, for styling.</param>
/// <param name="StageText">The stage in words.</param>
/// <param name="Steps">What has been done, is under way and is to come.</param>
/// <param name="PlacedAt">When the call was dialled.</param>
/// <param name="CallEndedAt">When it ended.</param>
/// <param name="CallbackNumber">The leased callback number, masked.</param>
/// <param name="LeaseExpiresAt">When the lease is released.</param>
/// <param name="Notification">The notification outcome in words.</param>
/// <param name="Alerts">Alert titles of this lifecycle.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record SupervisorEmergency(
    string InstanceId,
    string Status,
    string AgentId,
    string AgentName,
    string? DialledNumber,
    string? Country,
    bool IsTest,
    string? Stage,
    string StageText,
    IReadOnlyList<SupervisorStep> Steps,
    DateTimeOffset PlacedAt,
    DateTimeOffset? CallEndedAt,
    string? CallbackNumber,
    DateTimeOffset? LeaseExpiresAt,
    string Notification,
    IReadOnlyList<string> Alerts,
    DateTimeOffset UpdatedAt);
