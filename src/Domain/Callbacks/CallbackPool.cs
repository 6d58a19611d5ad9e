using EmergencyFlow.Domain.Privacy;

namespace EmergencyFlow.Domain.Callbacks;

/// <summary>A command to the callback pool. The hierarchy is closed: these are all the pool does.</summary>
public abstract record PoolCommand
{
    private PoolCommand()
    {
    }

    /// <summary>Add numbers (E.164) to the pool.</summary>
    public sealed record AddNumbers(IReadOnlyList<string> Numbers) : PoolCommand;

    /// <summary>Remove numbers; a number with a live lease cannot be removed.</summary>
    public sealed record RemoveNumbers(IReadOnlyList<string> Numbers) : PoolCommand;

    /// <summary>Make the pool exactly these numbers (the ops "replace" route).</summary>
    public sealed record ReplaceNumbers(IReadOnlyList<string> Numbers) : PoolCommand;

    /// <summary>Lease a number for a lifecycle.</summary>
    public sealed record Lease(LeaseRequest Request) : PoolCommand;

    /// <summary>Move one hold's end.</summary>
    public sealed record Extend(ExtendRequest Request) : PoolCommand;

    /// <summary>Release one hold.</summary>
    public sealed record Release(ReleaseRequest Request) : PoolCommand;

    /// <summary>An operator releases a number by hand, whatever holds it.</summary>
    public sealed record ReleaseNumber(string Number) : PoolCommand;
}

/// <summary>
/// The callback pool as a decider: every operation is a pure function of (state, command, now)
/// returning the new state and a result; repeating a command changes nothing.
/// </summary>
public static class CallbackPool
{
    /// <summary>Applies any command; the result is a <see cref="LeaseOutcome"/> for leases, a <see cref="PoolChange"/> otherwise.</summary>
    public static (CallbackPoolState State, object Result) Decide(CallbackPoolState state, PoolCommand command, DateTimeOffset now) =>
        command switch
        {
            PoolCommand.AddNumbers c => Box(AddNumbers(state, c.Numbers)),
            PoolCommand.RemoveNumbers c => Box(RemoveNumbers(state, c.Numbers, now)),
            PoolCommand.ReplaceNumbers c => Box(ReplaceNumbers(state, c.Numbers, now)),
            PoolCommand.Lease c => Box(Lease(state, c.Request)),
            PoolCommand.Extend c => Box(Extend(state, c.Request)),
            PoolCommand.Release c => Box(Release(state, c.Request)),
            PoolCommand.ReleaseNumber c => Box(ReleaseNumber(state, c.Number, now)),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown pool command."),
        };

    /// <summary>Adds numbers; invalid ones reject the whole command, known ones are skipped.</summary>
    public static (CallbackPoolState, PoolChange) AddNumbers(CallbackPoolState state, IReadOnlyList<string> numbers)
    {
        var (valid, invalid) = Validate(numbers);
        if (invalid.Count > 0)
        {
            return (state, PoolChange.Refused(InvalidMessage(invalid)));
        }

        var known = state.Numbers.Select(n => n.Number).ToHashSet(StringComparer.Ordinal);
        var added = valid.Where(known.Add).Select(n => new PoolNumber(n, null, null)).ToList();
        return added.Count == 0
            ? (state, PoolChange.Nothing("All numbers are already in the pool."))
            : (state with { Numbers = [.. state.Numbers, .. added] }, PoolChange.Done);
    }

    /// <summary>Removes numbers that have no live lease; refuses the whole command otherwise.</summary>
    public static (CallbackPoolState, PoolChange) RemoveNumbers(CallbackPoolState state, IReadOnlyList<string> numbers, DateTimeOffset now)
    {
        var remove = numbers.Select(n => PhoneNumber.ToE164(n) ?? n).ToHashSet(StringComparer.Ordinal);
        var busy = state.LiveAt(now).Where(n => remove.Contains(n.Number)).Select(n => Mask.Phone(n.Number)).ToList();
        if (busy.Count > 0)
        {
            return (state, PoolChange.Refused($"Numbers with a live lease cannot be removed: {string.Join(", ", busy)}."));
        }

        var kept = state.Numbers.Where(n => !remove.Contains(n.Number)).ToList();
        return kept.Count == state.Numbers.Count
            ? (state, PoolChange.Nothing("None of the numbers is in the pool."))
            : (state with { Numbers = kept }, PoolChange.Done);
    }

    /// <summary>Makes the pool exactly <paramref name="numbers"/>, keeping the leases of numbers that stay.</summary>
    public static (CallbackPoolState, PoolChange) ReplaceNumbers(CallbackPoolState state, IReadOnlyList<string> numbers, DateTimeOffset now)
    {
        var (valid, invalid) = Validate(numbers);
        if (invalid.Count > 0)
        {
            return (state, PoolChange.Refused(InvalidMessage(invalid)));
        }

        var removed = state.Numbers.Select(n => n.Number).Except(valid, StringComparer.Ordinal).ToList();
        var (afterRemove, removal) = removed.Count == 0 ? (state, PoolChange.Done) : RemoveNumbers(state, removed, now);
        if (removal.Rejected)
        {
            return (state, removal);
        }

        var (result, _) = AddNumbers(afterRemove, valid);
        return result.Numbers.SequenceEqual(state.Numbers)
            ? (state, PoolChange.Nothing("The pool already holds exactly these numbers."))
            : (result, PoolChange.Done);
    }

    /// <summary>
    /// Leases a number: the agent's live number again (extended by a new hold) when there is one,
    /// else the least recently released free number, else <see cref="LeaseStatus.Exhausted"/>.
    /// A repeated request (same lease id) returns the same outcome and changes nothing.
    /// </summary>
    public static (CallbackPoolState, LeaseOutcome) Lease(CallbackPoolState state, LeaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var existing = FindHold(state, request.LeaseId);
        if (existing is { } found)
        {
            var lease = found.Number.Lease!;
            if (!string.Equals(lease.AgentId, request.AgentId, StringComparison.Ordinal))
            {
                // Lease ids derive from lifecycle instances, which belong to one agent: a collision is a caller bug,
                // and answering it with the other agent's number would route their callbacks to the wrong person.
                return (state, new(LeaseStatus.Refused, null, request.LeaseId, null, false));
            }

            return (state, new(LeaseStatus.Leased, found.Number.Number, request.LeaseId, lease.ExpiresAt, lease.Holds[0].LeaseId != request.LeaseId));
        }

        var hold = new LeaseHold(request.LeaseId, request.HoldUntil);
        var agentsLive = state.Numbers.FirstOrDefault(n =>
            n.Lease is { } l && l.IsLiveAt(request.At) && string.Equals(l.AgentId, request.AgentId, StringComparison.Ordinal));
        if (agentsLive is not null)
        {
            var lease = agentsLive.Lease! with { AgentIdentity = request.AgentIdentity, Holds = [.. agentsLive.Lease!.Holds, hold] };
            return (Replace(state, agentsLive with { Lease = lease }),
                new(LeaseStatus.Leased, agentsLive.Number, request.LeaseId, lease.ExpiresAt, Reused: true));
        }

        var free = state.Numbers
            .Where(n => n.Lease is null || !n.Lease.IsLiveAt(request.At))
            .OrderBy(n => n.Lease?.ExpiresAt ?? n.ReleasedAt ?? DateTimeOffset.MinValue)
            .ThenBy(n => n.Number, StringComparer.Ordinal)
            .FirstOrDefault();
        if (free is null)
        {
            return (state, LeaseOutcome.Exhausted(request.LeaseId));
        }

        var newLease = new CallbackLease(request.AgentId, request.AgentIdentity, request.At, [hold]);
        return (Replace(state, free with { Lease = newLease }),
            new(LeaseStatus.Leased, free.Number, request.LeaseId, newLease.ExpiresAt, Reused: false));
    }

    /// <summary>Moves one hold's end while the lease is live; an unknown, released or expired lease changes nothing.</summary>
    public static (CallbackPoolState, PoolChange) Extend(CallbackPoolState state, ExtendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FindHold(state, request.LeaseId) is not { } found)
        {
            return (state, PoolChange.Nothing("The lease was already released or never existed."));
        }

        var lease = found.Number.Lease!;
        if (!lease.IsLiveAt(request.At))
        {
            // An expired lease may already be promised to nobody else, but reviving it could give
            // the agent two live numbers; the lifecycle's release cleans it up.
            return (state, PoolChange.Nothing("The lease has expired; it cannot be extended."));
        }

        var hold = lease.Holds[found.Index];
        if (hold.Until == request.Until)
        {
            return (state, PoolChange.Nothing("The hold already ends then."));
        }

        var holds = lease.Holds.Select((h, i) => i == found.Index ? h with { Until = request.Until } : h).ToList();
        return (Replace(state, found.Number with { Lease = lease with { Holds = holds } }), PoolChange.Done);
    }

    /// <summary>
    /// Releases one hold; the number goes back to the pool when its last hold is released. A stale
    /// or already-released lease id changes nothing.
    /// </summary>
    public static (CallbackPoolState, PoolChange) Release(CallbackPoolState state, ReleaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FindHold(state, request.LeaseId) is not { } found)
        {
            return (state, PoolChange.Nothing("The lease was already released or never existed."));
        }

        var lease = found.Number.Lease!;
        var holds = lease.Holds.Where((_, i) => i != found.Index).ToList();
        var number = holds.Count == 0
            ? found.Number with { Lease = null, ReleasedAt = request.At }
            : found.Number with { Lease = lease with { Holds = holds } };
        return (Replace(state, number), PoolChange.Done);
    }

    /// <summary>An operator releases a number whatever holds it; the lifecycles' later releases then change nothing.</summary>
    public static (CallbackPoolState, PoolChange) ReleaseNumber(CallbackPoolState state, string number, DateTimeOffset now)
    {
        var e164 = PhoneNumber.ToE164(number);
        var entry = state.Numbers.FirstOrDefault(n => n.Number == e164);
        if (entry is null)
        {
            return (state, PoolChange.Refused($"{Mask.Phone(number)} is not a pool number."));
        }

        return entry.Lease is null
            ? (state, PoolChange.Nothing("The number is not leased."))
            : (Replace(state, entry with { Lease = null, ReleasedAt = now }), PoolChange.Done);
    }

    /// <summary>
    /// Decides where an incoming call to <paramref name="calledNumber"/> goes at <paramref name="now"/>.
    /// Reads state only: the routing decision never waits behind a lifecycle.
    /// </summary>
    public static RouteDecision Route(CallbackPoolState state, string? calledNumber, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var number = PhoneNumber.ToE164(calledNumber);
        return Route(number, number is null ? null : state.Numbers.FirstOrDefault(n => n.Number == number), now);
    }

    /// <summary>
    /// The routing decision for a called number already in E.164 (null: not a phone number) and its
    /// pool entry (null: not a pool number), for a host that looks the number up in an index.
    /// </summary>
    public static RouteDecision Route(string? number, PoolNumber? entry, DateTimeOffset now)
    {
        if (number is null)
        {
            return new(RouteKind.NormalRouting, null, null, null, "The called party is not a phone number.");
        }

        if (entry is null)
        {
            return new(RouteKind.NormalRouting, number, null, null, "Not a callback pool number.");
        }

        // Only this app answers calls to pool numbers: a callback after its window (an emergency service calling back
        // late) must still reach a person, so it goes to the contact centre's fallback rather than ring out.
        if (entry.Lease is not { } lease || !lease.IsLiveAt(now))
        {
            return new(RouteKind.Fallback, number, null, null,
                "The callback window has ended: the call goes to the contact centre's fallback so a person answers.");
        }

        return string.IsNullOrWhiteSpace(lease.AgentIdentity)
            ? new(RouteKind.Fallback, number, lease.AgentId, null,
                "The agent's identity is not in the directory: the callback goes to the contact centre's fallback so a person answers.")
            : new(RouteKind.RingAgent, number, lease.AgentId, lease.AgentIdentity, "Live emergency callback: ring the agent with top priority.");
    }

    private static (PoolNumber Number, int Index)? FindHold(CallbackPoolState state, string leaseId)
    {
        foreach (var number in state.Numbers)
        {
            var index = number.Lease?.Holds.ToList().FindIndex(h => h.LeaseId == leaseId) ?? -1;
            if (index >= 0)
            {
                return (number, index);
            }
        }

        return null;
    }

    private static CallbackPoolState Replace(CallbackPoolState state, PoolNumber updated) =>
        state with { Numbers = state.Numbers.Select(n => n.Number == updated.Number ? updated : n).ToList() };

    private static (List<string> Valid, List<string> Invalid) Validate(IReadOnlyList<string> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var valid = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal); // a 50,000-number replace must not be quadratic
        var invalid = new List<string>();
        foreach (var raw in numbers)
        {
            if (PhoneNumber.ToE164(raw) is { } e164)
            {
                if (seen.Add(e164))
                {
                    valid.Add(e164);
                }
            }
            else
            {
                invalid.Add(raw);
            }
        }

        return (valid, invalid);
    }

    private static string InvalidMessage(List<string> invalid) =>
        $"Not E.164 phone numbers (expected '+' and 8 to 15 digits): {string.Join(", ", invalid.Select(Mask.Phone))}.";

    private static (CallbackPoolState, object) Box<T>((CallbackPoolState State, T Result) r)
        where T : notnull => (r.State, r.Result);
}
