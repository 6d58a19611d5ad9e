namespace EmergencyFlow.Application.Ops;

/// <summary>
/// Where a host keeps alert acknowledgements, durably (the local host's SQLite file, the Functions app's table): the
/// only write a supervisor makes from the page, and its audit record. Retention removes them with the rest.
/// </summary>
public interface IAlertAcknowledgements
{
    /// <summary>Records the acknowledgement unless the alert has one; returns the one on record (the first stands).</summary>
    Task<AlertAcknowledgement> AcknowledgeAsync(AlertAcknowledgement acknowledgement, CancellationToken cancellationToken);

    /// <summary>Acknowledgements recorded at or after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<AlertAcknowledgement>> ListAcknowledgementsAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
