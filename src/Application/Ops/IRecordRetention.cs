namespace EmergencyFlow.Application.Ops;

/// <summary>The records a host keeps beside the durable engine (Table storage in Azure, SQLite and the outbox locally), purged by age.</summary>
public interface IRecordRetention
{
    /// <summary>Deletes what was last written before <paramref name="before"/>; returns how many records went.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
