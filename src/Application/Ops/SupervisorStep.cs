
namespace EmergencyFlow.Application.Ops;

/// <summary>One step of a lifecycle: <c>done</c>, <c>current</c>, <c>pending</c>, <c>skipped</c> or <c>problem</c>.</summary>
/// <param name="Text">The step in words.</param>
/// <param name="State">Where it stands.</param>
public sealed record SupervisorStep(string Text, string State);
