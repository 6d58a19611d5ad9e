using System.Collections.Frozen;
using System.Collections.Immutable;
using EmergencyFlow.Domain.Callbacks;

namespace EmergencyFlow.Durable;

/// <summary>
/// The callback pool in memory, indexed so that a lifecycle's pool command is decided on the few
/// numbers it can touch: the number holding its lease id, the agent's numbers, and the free number
/// the domain would pick. The domain's decider runs on that small pool, so the decision is the
/// domain's own, and its cost does not grow with the pool. Not thread-safe (its store serialises
/// pool commands: the SQLite store's writer thread, the in-memory store's lock); every
/// state it hands out is immutable (an <see cref="ImmutableList{T}"/>: changing one number is
/// O(log n) and shares the rest).
/// </summary>
public sealed class PoolIndex
{
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _holders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _agents = new(StringComparer.Ordinal);
    private readonly SortedSet<(long Ticks, string Number)> _freeOrder = new(FreeOrder.Instance);
    private ImmutableList<PoolNumber> _numbers;

    /// <summary>Indexes <paramref name="state"/>.</summary>
    public PoolIndex(CallbackPoolState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _numbers = state.Numbers as ImmutableList<PoolNumber> ?? [.. state.Numbers];
        for (var i = 0; i < _numbers.Count; i++)
        {
            _positions[_numbers[i].Number] = i;
            Add(_numbers[i]);
        }

        State = new CallbackPoolState(_numbers);
        Positions = _positions.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The pool as it stands (immutable).</summary>
    public CallbackPoolState State { get; private set; }

    /// <summary>
    /// Each number's position in <see cref="State"/> (immutable; a decision on a focus never adds,
    /// removes or moves a number, so it holds for every state of this index).
    /// </summary>
    public FrozenDictionary<string, int> Positions { get; }

    /// <summary>One number (E.164) as it stands, without a scan; null when not in the pool.</summary>
    public PoolNumber? Find(string number) => Positions.TryGetValue(number, out var position) ? _numbers[position] : null;

    /// <summary>
    /// The numbers <paramref name="command"/> can read or change, in pool order, with their
    /// positions; null when the command concerns the whole pool (adding, removing, replacing numbers).
    /// </summary>
    public List<(int Position, PoolNumber Number)>? Focus(PoolCommand command)
    {
        var numbers = new SortedSet<string>(StringComparer.Ordinal);
        switch (command)
        {
            case PoolCommand.Lease c:
                if (_holders.TryGetValue(c.Request.LeaseId, out var holder))
                {
                    numbers.Add(holder);
                    break;
                }

                if (_agents.TryGetValue(c.Request.AgentId, out var agents))
                {
                    numbers.UnionWith(agents);
                }

                if (FirstFreeAt(c.Request.At) is { } free)
                {
                    numbers.Add(free);
                }

                break;
            case PoolCommand.Extend c:
                AddHolder(numbers, c.Request.LeaseId);
                break;
            case PoolCommand.Release c:
                AddHolder(numbers, c.Request.LeaseId);
                break;
            case PoolCommand.ReleaseNumber c:
                if (PhoneNumber.ToE164(c.Number) is { } e164 && _positions.ContainsKey(e164))
                {
                    numbers.Add(e164);
                }

                break;
            default:
                return null;
        }

        return numbers.Select(n => (_positions[n], _numbers[_positions[n]])).OrderBy(p => p.Item1).ToList();
    }

    /// <summary>Takes the domain's decision on a focused pool: the numbers it replaced, by position.</summary>
    public List<(int Position, PoolNumber Before, PoolNumber After)> Apply(List<(int Position, PoolNumber Number)> focus, CallbackPoolState decided)
    {
        ArgumentNullException.ThrowIfNull(focus);
        ArgumentNullException.ThrowIfNull(decided);
        if (decided.Numbers.Count != focus.Count)
        {
            throw new InvalidOperationException("A lifecycle's pool command added or removed numbers.");
        }

        var changed = new List<(int, PoolNumber, PoolNumber)>();
        for (var i = 0; i < focus.Count; i++)
        {
            var (position, before) = focus[i];
            var after = decided.Numbers[i];
            if (ReferenceEquals(before, after))
            {
                continue;
            }

            if (!string.Equals(before.Number, after.Number, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("A lifecycle's pool command reordered numbers.");
            }

            Remove(before);
            Add(after);
            _numbers = _numbers.SetItem(position, after);
            changed.Add((position, before, after));
        }

        if (changed.Count > 0)
        {
            State = new CallbackPoolState(_numbers);
        }

        return changed;
    }

    private static long FreeKey(PoolNumber n) => (n.Lease?.ExpiresAt ?? n.ReleasedAt ?? DateTimeOffset.MinValue).UtcTicks;

    private void AddHolder(SortedSet<string> numbers, string leaseId)
    {
        if (_holders.TryGetValue(leaseId, out var holder))
        {
            numbers.Add(holder);
        }
    }

    // The domain leases the free number with the smallest (expiry or release time, number): the
    // first one in this order that is not live at the request's time.
    private string? FirstFreeAt(DateTimeOffset at)
    {
        foreach (var (_, number) in _freeOrder)
        {
            var entry = _numbers[_positions[number]];
            if (entry.Lease is null || !entry.Lease.IsLiveAt(at))
            {
                return number;
            }
        }

        return null;
    }

    private void Add(PoolNumber n)
    {
        _freeOrder.Add((FreeKey(n), n.Number));
        if (n.Lease is not { } lease)
        {
            return;
        }

        foreach (var hold in lease.Holds)
        {
            _holders[hold.LeaseId] = n.Number;
        }

        if (!_agents.TryGetValue(lease.AgentId, out var numbers))
        {
            _agents[lease.AgentId] = numbers = new(StringComparer.Ordinal);
        }

        numbers.Add(n.Number);
    }

    private void Remove(PoolNumber n)
    {
        _freeOrder.Remove((FreeKey(n), n.Number));
        if (n.Lease is not { } lease)
        {
            return;
        }

        foreach (var hold in lease.Holds)
        {
            _holders.Remove(hold.LeaseId);
        }

        if (_agents.TryGetValue(lease.AgentId, out var numbers) && numbers.Remove(n.Number) && numbers.Count == 0)
        {
            _agents.Remove(lease.AgentId);
        }
    }

    /// <summary>Orders by time, then number, ordinal: the domain's tie-break.</summary>
    private sealed class FreeOrder : IComparer<(long Ticks, string Number)>
    {
        public static FreeOrder Instance { get; } = new();

        public int Compare((long Ticks, string Number) x, (long Ticks, string Number) y)
        {
            var byTime = x.Ticks.CompareTo(y.Ticks);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Number, y.Number);
        }
    }
}
