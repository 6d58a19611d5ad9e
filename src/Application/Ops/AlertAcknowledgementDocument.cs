namespace EmergencyFlow.Application.Ops;

/// <summary>The body of an acknowledgement: the alert, the supervisor's name and a note.</summary>
/// <param name="AlertId">The alert's id from the supervisor view.</param>
/// <param name="By">The supervisor's name (required).</param>
/// <param name="Note">What was done (optional, at most <see cref="OpsValidation.MaxNoteLength"/> characters).</param>
public sealed record AlertAcknowledgementDocument(string? AlertId, string? By, string? Note);
