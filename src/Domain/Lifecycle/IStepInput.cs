
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>A step input carries the key that makes a retried step a no-op.</summary>
public interface IStepInput
{
    /// <summary>Deterministic key derived from the instance and the step.</summary>
    string IdempotencyKey { get; }
}
