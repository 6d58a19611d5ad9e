namespace EmergencyFlow.Infra.Tests;

/// <summary>
/// The two production snapshots most tests read, taken once: main.bicep with a 1,000-number pool and
/// subscriptions.bicep with as many number prefixes as Event Grid's limit leaves room for.
/// </summary>
public sealed class ProductionSnapshots : IAsyncLifetime
{
    public const int PoolSize = 1000;
    public const int MostPrefixes = 24;

    internal Snapshot Main { get; private set; } = null!;

    internal Snapshot Subscriptions { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var main = BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("poolNumbers", string.Join(',', Deployments.Pool(PoolSize)))));
        var subscriptions = BicepSnapshot.RunAsync("subscriptions.bicep", Deployments.ForSubscriptions(("callbackNumberPrefixes", Deployments.Prefixes(MostPrefixes))));
        Main = await main;
        Subscriptions = await subscriptions;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
