
namespace EmergencyFlow.Application.Ops;

/// <summary>PUT body for the pool: exactly these numbers.</summary>
public sealed record PoolDocument(IReadOnlyList<string> Numbers);
