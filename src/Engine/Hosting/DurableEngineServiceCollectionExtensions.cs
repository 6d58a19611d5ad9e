using DurableTask.Core;
using EmergencyFlow.Engine.Client;
using EmergencyFlow.Engine.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Engine;

/// <summary>Registers the durable engine in a host's services.</summary>
public static class DurableEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the tasks, the orchestration service, the <see cref="DurableEngine"/> that runs them
    /// (started and stopped with the host), and a <see cref="DurableTaskClient"/> over the same service.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="registerTasks">Adds the orchestrators, activities and entities, as on a durabletask-dotnet worker.</param>
    /// <param name="createOrchestrationService">
    /// Creates the orchestration service once, given the configured options (pass their concurrency
    /// limits and clock on to the provider where it takes them). It must also implement
    /// <see cref="IOrchestrationServiceClient"/> and dispatch entities separately; the engine disposes
    /// nothing, the container disposes the service with itself.
    /// </param>
    /// <param name="configure">
    /// Adjusts <see cref="DurableEngineOptions"/> when they are first needed; their clock starts as the
    /// host's registered <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/> when none is).
    /// </param>
    public static IServiceCollection AddDurableEngine(
        this IServiceCollection services,
        Action<DurableTaskRegistry> registerTasks,
        Func<IServiceProvider, DurableEngineOptions, IOrchestrationService> createOrchestrationService,
        Action<DurableEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registerTasks);
        ArgumentNullException.ThrowIfNull(createOrchestrationService);

        var registry = new DurableTaskRegistry();
        registerTasks(registry);

        // Options are made when first needed, so the clock is the host's TimeProvider as finally registered
        // (a test or a demo registers its own after the host's defaults).
        services.AddSingleton(sp =>
        {
            var options = new DurableEngineOptions { TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System };
            configure?.Invoke(options);
            options.Validate();
            return options;
        });
        services.AddSingleton(registry);
        services.AddSingleton(sp => createOrchestrationService(sp, sp.GetRequiredService<DurableEngineOptions>())
            ?? throw new InvalidOperationException("The orchestration service factory returned null."));
        services.AddSingleton(sp => sp.GetRequiredService<IOrchestrationService>() as IOrchestrationServiceClient
            ?? throw new InvalidOperationException("The orchestration service must also implement IOrchestrationServiceClient."));
        services.AddSingleton(sp => new DurableEngine(
            sp.GetRequiredService<IOrchestrationService>(),
            registry,
            sp,
            sp.GetRequiredService<DurableEngineOptions>(),
            sp.GetService<ILoggerFactory>()));
        services.AddSingleton<DurableTaskClient>(sp => new EngineDurableTaskClient(
            sp.GetRequiredService<IOrchestrationServiceClient>(), sp.GetRequiredService<DurableEngineOptions>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DurableEngineHostedService>());
        return services;
    }
}
