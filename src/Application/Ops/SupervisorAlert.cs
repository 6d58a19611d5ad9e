
namespace EmergencyFlow.Application.Ops;

/// <summary>An alert on the supervisor page with what to do about it.</summary>
/// <param name="Id">Stable id (the page announces ids it has not seen).</param>
/// <param name="Kind">Kebab-case kind, the anchor of its section in docs/operations.md.</param>
/// <param name="Title">Its name on screen.</param>
/// <param name="Message">What happened (no personal data).</param>
/// <param name="Action">What the operator should do.</param>
/// <param name="Docs">Where the operations guide explains it.</param>
/// <param name="InstanceId">The lifecycle, when known.</param>
/// <param name="AgentName">The agent's display name, when known.</param>
/// <param name="RaisedAt">When it was raised, when recorded.</param>
public sealed record SupervisorAlert(
    string Id, string Kind, string Title, string Message, string Action, string Docs, string? InstanceId, string? AgentName, DateTimeOffset? RaisedAt);
