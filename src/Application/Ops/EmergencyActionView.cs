namespace EmergencyFlow.Application.Ops;

/// <summary>One durable action of a lifecycle, in words.</summary>
/// <param name="Sequence">Its position in the lifecycle's history.</param>
/// <param name="Kind">Step, pool call, pool signal, timer or wait.</param>
/// <param name="Name">The step, operation or event name.</param>
/// <param name="Action">What happened, in a sentence.</param>
/// <param name="RecordedAt">When it completed.</param>
/// <param name="Error">Why it failed (masked), when it did.</param>
public sealed record EmergencyActionView(int Sequence, string Kind, string Name, string Action, DateTimeOffset RecordedAt, string? Error);
