namespace EmergencyFlow.Durable;

/// <summary>Runtime options.</summary>
/// <param name="StepAttempts">How many times a failing step is tried before it is journaled as failed.</param>
public sealed record EngineOptions(int StepAttempts = 3);
