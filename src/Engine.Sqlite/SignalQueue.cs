namespace EmergencyFlow.Engine.Sqlite;

/// <summary>
/// A FIFO whose readers wait on a signal (up to a timeout or cancellation), never on a poll interval.
/// Items are added and taken under the caller's lock; the signal counts them.
/// </summary>
internal sealed class SignalQueue<T> : IDisposable
{
    private readonly Queue<T> items = new();
    private readonly SemaphoreSlim available = new(0);

    public int Count => items.Count;

    /// <summary>Adds an item; call under the owner's lock.</summary>
    public void Add(T item)
    {
        items.Enqueue(item);
        available.Release();
    }

    /// <summary>Waits until an item may be there; false on timeout. Then take it with <see cref="TryTake"/> under the owner's lock.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => available.WaitAsync(timeout, cancellationToken);

    /// <summary>Takes the oldest item; call under the owner's lock after a successful <see cref="WaitAsync"/>.</summary>
    public bool TryTake(out T item) => items.TryDequeue(out item!);

    /// <summary>Drops every item (purge of all data); call under the owner's lock.</summary>
    public void Clear()
    {
        while (items.TryDequeue(out _) && available.Wait(0))
        {
        }

        items.Clear();
    }

    public void Dispose() => available.Dispose();
}
