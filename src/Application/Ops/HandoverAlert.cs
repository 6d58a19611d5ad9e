namespace EmergencyFlow.Application.Ops;

/// <summary>One alert of a hand-over, with its acknowledgement.</summary>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="Title">Its name.</param>
/// <param name="Message">What happened (no personal data).</param>
/// <param name="AgentName">The agent, when known.</param>
/// <param name="AcknowledgedBy">Who acknowledged it, if anyone.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="Note">Their note.</param>
public sealed record HandoverAlert(
    DateTimeOffset RaisedAt, string Title, string Message, string? AgentName, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? Note);
