
namespace EmergencyFlow.Application.Ops;

/// <summary>The pool's counts.</summary>
/// <param name="Free">Numbers free to lease.</param>
/// <param name="Leased">Numbers with a live lease.</param>
/// <param name="Total">All numbers.</param>
public sealed record SupervisorPool(int Free, int Leased, int Total);
