using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EmergencyFlow.Engine.Tests.Support;

/// <summary>
/// The engine as a host registers it (<see cref="DurableEngineServiceCollectionExtensions.AddDurableEngine"/>),
/// with the test tasks, started through its hosted service and stopped with it.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly IHostedService[] hosted;

    private EngineHarness(ServiceProvider services)
    {
        this.services = services;
        hosted = [.. services.GetServices<IHostedService>()];
    }

    public DurableTaskClient Client => services.GetRequiredService<DurableTaskClient>();

    public TestProbe Probe => services.GetRequiredService<TestProbe>();

    public IOrchestrationService OrchestrationService => services.GetRequiredService<IOrchestrationService>();

    public static async Task<EngineHarness> StartAsync(
        Func<IServiceProvider, DurableEngineOptions, IOrchestrationService> createService, TimeProvider clock, ITestOutputHelper output)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddProvider(new TestOutputLoggerProvider(output)).SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<TestProbe>();
        collection.AddScoped<ScopedDependency>();
        collection.AddDurableEngine(TestTasks.Register, createService, options => options.TimeProvider = clock);

        var harness = new EngineHarness(collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        foreach (var service in harness.hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in hosted.Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }

        await services.DisposeAsync();
    }
}
