namespace EmergencyFlow.Application.Ops;

/// <summary>An alert a supervisor acknowledged: the alert as it was shown, and who handled it, when, with their note.</summary>
/// <param name="Id">The alert's id.</param>
/// <param name="Kind">Its kind (runbook anchor); empty when the alert is no longer on the view.</param>
/// <param name="Title">Its name on screen.</param>
/// <param name="Message">What happened (no personal data).</param>
/// <param name="Docs">Its runbook entry.</param>
/// <param name="InstanceId">The lifecycle, when known.</param>
/// <param name="AgentName">The agent's display name, when known.</param>
/// <param name="RaisedAt">When it was raised, when recorded.</param>
/// <param name="By">The supervisor who acknowledged it.</param>
/// <param name="Note">What they did.</param>
/// <param name="AcknowledgedAt">When.</param>
public sealed record SupervisorAcknowledgedAlert(
    string Id, string Kind, string Title, string Message, string Docs, string? InstanceId, string? AgentName, DateTimeOffset? RaisedAt,
    string By, string Note, DateTimeOffset AcknowledgedAt);
