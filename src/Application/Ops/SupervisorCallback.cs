
namespace EmergencyFlow.Application.Ops;

/// <summary>A callback routed through a lease.</summary>
/// <param name="At">When.</param>
/// <param name="Text">What happened, in words.</param>
public sealed record SupervisorCallback(DateTimeOffset At, string Text);
