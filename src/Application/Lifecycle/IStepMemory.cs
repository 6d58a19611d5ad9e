namespace EmergencyFlow.Application.Lifecycle;

/// <summary>
/// Small durable memory for steps whose retry must not see its own earlier effect (a retried DND step
/// would otherwise read the DND it set and "restore" it).
/// </summary>
public interface IStepMemory
{
    /// <summary>The value remembered under the key, or null.</summary>
    Task<string?> RecallAsync(string key, CancellationToken cancellationToken);

    /// <summary>Remembers a value under the key; the first value wins.</summary>
    Task RememberAsync(string key, string value, CancellationToken cancellationToken);
}
