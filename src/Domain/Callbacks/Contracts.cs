using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Callbacks;

/// <summary>Lease a callback number to an agent (durable payload).</summary>
/// <param name="AgentId">Agent id.</param>
/// <param name="AgentIdentity">Agent ACS raw id.</param>
/// <param name="LeaseId">Deterministic id of the requesting lifecycle's hold.</param>
/// <param name="At">When the lease is requested (replay-safe time of the lifecycle).</param>
/// <param name="HoldUntil">Until when this lifecycle needs the number.</param>
public sealed record LeaseRequest(string AgentId, string AgentIdentity, string LeaseId, DateTimeOffset At, DateTimeOffset HoldUntil);

/// <summary>Move one hold's end (durable payload). Used to count the callback window from the call's end.</summary>
public sealed record ExtendRequest(string LeaseId, DateTimeOffset Until, DateTimeOffset At);

/// <summary>Release one hold (durable payload). A stale or already-released id changes nothing.</summary>
public sealed record ReleaseRequest(string LeaseId, DateTimeOffset At);

/// <summary>How a lease request ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeaseStatus>))]
public enum LeaseStatus
{
    /// <summary>A number is leased (new, or the agent's live one reused).</summary>
    Leased,

    /// <summary>No free number: the lifecycle goes on without a dedicated callback number.</summary>
    Exhausted,

    /// <summary>The lease id already belongs to another agent's lease (a caller bug); nothing changed.</summary>
    Refused,
}

/// <summary>The result of a lease request (durable payload).</summary>
/// <param name="Status">Leased or exhausted.</param>
/// <param name="Number">The callback number when leased.</param>
/// <param name="LeaseId">The hold's id.</param>
/// <param name="ExpiresAt">When the lease expires unless extended.</param>
/// <param name="Reused">True when the agent's live number was reused (a repeat emergency call).</param>
public sealed record LeaseOutcome(LeaseStatus Status, string? Number, string LeaseId, DateTimeOffset? ExpiresAt, bool Reused)
{
    /// <summary>No free number.</summary>
    public static LeaseOutcome Exhausted(string leaseId) => new(LeaseStatus.Exhausted, null, leaseId, null, false);
}

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

/// <summary>What to do with an incoming call to a number.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RouteKind>))]
public enum RouteKind
{
    /// <summary>A live callback: ring the agent with top priority, bypassing routing rules, capacity and presence.</summary>
    RingAgent,

    /// <summary>Not a callback pool number: the contact centre's normal routing answers it, this app does nothing.</summary>
    NormalRouting,

    /// <summary>A pool number without a live lease (or without a known agent): redirected to the contact centre's fallback, operators alerted.</summary>
    Fallback,
}

/// <summary>The routing decision for an incoming call.</summary>
/// <param name="Kind">Ring the agent, go to the fallback, or route normally.</param>
/// <param name="Number">The called number (E.164) when it could be read.</param>
/// <param name="AgentId">The agent to ring.</param>
/// <param name="AgentIdentity">The agent's ACS raw id (redirect target).</param>
/// <param name="Reason">A sentence an operator can read.</param>
public sealed record RouteDecision(RouteKind Kind, string? Number, string? AgentId, string? AgentIdentity, string Reason);
