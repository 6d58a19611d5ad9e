namespace EmergencyFlow.Engine.Tests.Support;

/// <summary>Waits for a condition the engine reaches in its own time, with a timeout no healthy run comes near.</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static CancellationTokenSource Deadline() => new(Timeout);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        using var deadline = Deadline();
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up waiting for {what}; last seen: {value}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }
}
