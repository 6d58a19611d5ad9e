using EmergencyFlow.Domain.Privacy;

namespace EmergencyFlow.Application.Ops;

/// <summary>An incoming call that was redirected to an agent because the called number had a live lease.</summary>
/// <param name="At">When it was routed.</param>
/// <param name="CalledMasked">The called pool number, masked with <see cref="Mask.Phone"/>.</param>
/// <param name="AgentId">The agent it rang.</param>
public sealed record RoutedCall(DateTimeOffset At, string CalledMasked, string? AgentId);
