namespace EmergencyFlow.Application.Ops;

/// <summary>A supervisor's acknowledgement of an alert: who handled it, when, and what they did. The first one stands.</summary>
/// <param name="AlertId">The alert's stable id (<see cref="SupervisorAlert.Id"/>).</param>
/// <param name="By">The supervisor's name, as they gave it.</param>
/// <param name="Note">What was done (who called whom, what they said); may be empty.</param>
/// <param name="At">When it was recorded (ISO 8601 UTC).</param>
public sealed record AlertAcknowledgement(string AlertId, string By, string Note, DateTimeOffset At);
