namespace EmergencyFlow.Testing;

/// <summary>
/// One Azurite for every test class that uses it while any of them runs: the classes run in parallel,
/// each test in its own task hub. The last class to finish stops the process, whether its tests passed or not.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteServer? shared;
    private static int users;

    public string ConnectionString => (shared ?? throw new InvalidOperationException("Azurite is not running.")).ConnectionString;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            shared ??= await AzuriteServer.StartAsync();
            users++;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--users == 0 && shared is not null)
            {
                await shared.DisposeAsync();
                shared = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
