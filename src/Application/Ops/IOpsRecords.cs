namespace EmergencyFlow.Application.Ops;

/// <summary>
/// Records a host keeps of what it did for operators, beside the durable engine: the local host keeps
/// alerts and routed callbacks in its SQLite file; in Azure they are log records (the alert rule,
/// Application Insights), so the Functions app has none to list.
/// </summary>
public interface IOpsRecords
{
    /// <summary>Alerts raised, newest first.</summary>
    Task<IReadOnlyList<RaisedAlert>> ListAlertsAsync(CancellationToken cancellationToken);

    /// <summary>Callbacks redirected to an agent, newest first.</summary>
    Task<IReadOnlyList<RoutedCall>> ListRoutedCallbacksAsync(CancellationToken cancellationToken);
}
