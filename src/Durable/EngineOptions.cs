namespace EmergencyFlow.Durable;

/// <summary>Runtime options.</summary>
/// <param name="StepAttempts">How many times a failing step is tried before it is journaled as failed.</param>
/// <param name="MaxBackgroundRuns">
/// How many first runs may continue in the background at once. A start beyond that waits for one to
/// finish before it is stored and acknowledged: the webhook slows down instead of piling up work.
/// </param>
public sealed record EngineOptions(int StepAttempts = 3, int MaxBackgroundRuns = 256);
