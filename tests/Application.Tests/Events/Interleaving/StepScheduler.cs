namespace EmergencyFlow.Application.Tests.Events.Interleaving;

/// <summary>
/// Runs several actors (event handlers) one host call at a time, in an order the test chooses: each call an actor
/// makes on the host first waits for its turn. With every schedule enumerated (or a seeded sample of them), a test
/// covers the interleavings of concurrent deliveries deterministically instead of hoping a thread race shows them.
/// </summary>
public sealed class StepScheduler
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, TaskCompletionSource> _waiting = [];
    private TaskCompletionSource _parked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;

    /// <summary>The actors currently waiting for a turn, in id order.</summary>
    public IReadOnlyList<int> Runnable
    {
        get
        {
            lock (_lock)
            {
                return [.. _waiting.Keys.Order()];
            }
        }
    }

    /// <summary>Runs the actors to the end, choosing at each step which runnable actor goes next.</summary>
    /// <param name="actors">The actors; each one's host calls go through <see cref="TurnAsync"/> with its index.</param>
    /// <param name="choose">Given the runnable actors, the one that goes next.</param>
    public async Task RunAsync(IReadOnlyList<Func<Task>> actors, Func<IReadOnlyList<int>, int> choose)
    {
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(choose);
        lock (_lock)
        {
            _running = actors.Count;
            _parked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var tasks = actors.Select(actor => Task.Run(async () =>
        {
            try
            {
                await actor();
            }
            finally
            {
                lock (_lock)
                {
                    _running--;
                    Park();
                }
            }
        })).ToList();

        while (true)
        {
            await WaitUntilEveryActorIsParkedAsync();
            TaskCompletionSource go;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    break;
                }

                var next = choose([.. _waiting.Keys.Order()]);
                go = _waiting[next];
                _waiting.Remove(next);
                _parked = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            go.SetResult();
        }

        await Task.WhenAll(tasks);
    }

    /// <summary>Called by an actor before each host call: waits until the scheduler lets it go.</summary>
    public Task TurnAsync(int actor)
    {
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiting.Add(actor, turn);
            Park();
        }

        return turn.Task;
    }

    /// <summary>Every actor is either waiting for a turn or done: the scheduler may choose.</summary>
    private void Park()
    {
        if (_waiting.Count == _running)
        {
            _parked.TrySetResult();
        }
    }

    private Task WaitUntilEveryActorIsParkedAsync()
    {
        lock (_lock)
        {
            Park();
            return _parked.Task;
        }
    }
}
