namespace EmergencyFlow.Durable;

/// <summary>The runtime's source of time: real in the host, virtual in tests and the demo.</summary>
public interface IClock
{
    /// <summary>The current time.</summary>
    DateTimeOffset UtcNow { get; }
}
