namespace EmergencyFlow.Durable;

/// <summary>One completed durable action: enough to replay it without doing it again.</summary>
/// <param name="Sequence">0-based position in the instance's journal.</param>
/// <param name="Kind">The kind of action.</param>
/// <param name="Name">Step or operation name.</param>
/// <param name="Key">Idempotency key or lease id, for non-determinism checks.</param>
/// <param name="ResultJson">The result, serialized.</param>
/// <param name="Error">The failure reason when a step failed after its retries.</param>
/// <param name="RecordedAt">When the action completed: the replay-safe "now" after it.</param>
public sealed record JournalEntry(int Sequence, ActionKind Kind, string Name, string? Key, string? ResultJson, string? Error, DateTimeOffset RecordedAt);
