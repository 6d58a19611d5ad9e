namespace EmergencyFlow.Application.Ops;

/// <summary>One lifecycle as the ops API shows it.</summary>
/// <param name="Emergency">The operator view, with the agent's display name.</param>
/// <param name="Actions">Its durable actions in order, each in words.</param>
/// <param name="Error">Why it failed (masked), when it did.</param>
public sealed record EmergencyDetailView(EmergencyView Emergency, IReadOnlyList<EmergencyActionView>? Actions, string? Error);
