
namespace EmergencyFlow.Domain.Callbacks;

/// <summary>Whether a pool command changed the state, and why not when it did not.</summary>
/// <param name="Changed">True when the state changed.</param>
/// <param name="Reason">Why nothing changed or why the command was rejected; null when changed.</param>
/// <param name="Rejected">True when the command was refused (bad input), as opposed to a harmless repeat.</param>
public sealed record PoolChange(bool Changed, string? Reason, bool Rejected = false)
{
    internal static PoolChange Done { get; } = new(true, null);

    internal static PoolChange Nothing(string reason) => new(false, reason);

    internal static PoolChange Refused(string reason) => new(false, reason, Rejected: true);
}
