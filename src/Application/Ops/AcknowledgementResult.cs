namespace EmergencyFlow.Application.Ops;

/// <summary>What became of an acknowledgement.</summary>
/// <param name="Status">Recorded now, recorded before (the first stands), or no such alert.</param>
/// <param name="Acknowledgement">The acknowledgement on record, unless the alert was not found.</param>
public sealed record AcknowledgementResult(AcknowledgementStatus Status, AlertAcknowledgement? Acknowledgement);

/// <summary>How an acknowledgement ended.</summary>
public enum AcknowledgementStatus
{
    /// <summary>Recorded by this request.</summary>
    Recorded,

    /// <summary>The alert had been acknowledged already; that acknowledgement stands.</summary>
    AlreadyRecorded,

    /// <summary>No alert with that id is on the supervisor view.</summary>
    NotFound,
}
