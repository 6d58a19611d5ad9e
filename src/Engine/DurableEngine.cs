using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Middleware;
using EmergencyFlow.Engine.Bridge;
using EmergencyFlow.Engine.Time;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.Engine;

/// <summary>
/// Microsoft's Durable Task Framework core (<see cref="TaskHubWorker"/>) running the orchestrators,
/// activities and entities of a durabletask-dotnet <see cref="DurableTaskRegistry"/> over any
/// orchestration service that also dispatches entities (<see cref="IEntityOrchestrationService"/>),
/// bridged by durabletask-dotnet's public <see cref="DurableTaskShimFactory"/>.
/// </summary>
/// <remarks>
/// Each orchestration work item, activity invocation and entity batch gets its own service scope, in
/// which its task object is created from the registry's factory. Orchestration work items see the
/// <see cref="DurableEngineOptions.TimeProvider"/> as <c>CurrentUtcDateTime</c>. Extended sessions are
/// not supported: an orchestrator would outlive the scope it was created in.
/// </remarks>
public sealed partial class DurableEngine : IAsyncDisposable
{
    private readonly IOrchestrationService service;
    private readonly TaskHubWorker worker;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool started;

    /// <summary>Builds the worker; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">The service does not dispatch entity work items separately.</exception>
    public DurableEngine(
        IOrchestrationService orchestrationService,
        DurableTaskRegistry registry,
        IServiceProvider services,
        DurableEngineOptions options,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(orchestrationService);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        EnsureEntitiesDispatchedSeparately(orchestrationService);

        loggerFactory ??= NullLoggerFactory.Instance;
        service = orchestrationService;
        logger = loggerFactory.CreateLogger<DurableEngine>();

        var factories = new TaskFactories(registry);
        var shims = new DurableTaskShimFactory(
            new DurableTaskWorkerOptions { EnableEntitySupport = true, DataConverter = options.DataConverter },
            loggerFactory);

        worker = new TaskHubWorker(
            orchestrationService,
            new OrchestrationObjectManager(factories, shims),
            new ActivityObjectManager(factories, services, shims),
            new EntityObjectManager(factories, services, shims),
            loggerFactory)
        {
            // The shims read and write FailureDetails; the other modes lose the exception type.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };

        var clock = options.TimeProvider;
        worker.AddOrchestrationDispatcherMiddleware((context, next) => RunOrchestrationAsync(context, next, services, clock));
    }

    /// <summary>The orchestration service the worker dispatches from.</summary>
    public IOrchestrationService OrchestrationService => service;

    /// <summary>Creates the task hub's storage if it is missing, then starts dispatching work items.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (started)
            {
                return;
            }

            await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
            await worker.StartAsync().WaitAsync(cancellationToken);
            started = true;
            LogStarted(service.GetType().Name);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Stops fetching work, waits for the work items in flight to finish (DurableTask.Core waits up to
    /// about eight seconds), then stops the service. A work item still running after that is abandoned
    /// by the service and delivered again on the next start. If <paramref name="cancellationToken"/>
    /// fires first, this returns without waiting further; the stop continues in the background.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The gate is held only while starting or stopping; a stop that may not wait still stops.
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!started)
            {
                return;
            }

            started = false;
            var stopping = worker.StopAsync(isForced: false);
            try
            {
                await stopping.WaitAsync(cancellationToken);
                LogStopped();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LogStopAbandoned();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        worker.Dispose();
        gate.Dispose();
    }

    private static async Task RunOrchestrationAsync(
        DispatchMiddlewareContext context, Func<Task> next, IServiceProvider services, TimeProvider clock)
    {
        if (context.GetProperty<OrchestrationRuntimeState>() is { } state)
        {
            OrchestratorClock.Stamp(state, clock);
        }

        if (context.GetProperty<TaskOrchestration>() is not ScopedTaskOrchestration orchestration)
        {
            await next();
            return;
        }

        // The executor runs the orchestrator synchronously inside next(): the scope covers the whole
        // episode, custom status included, and ends with the work item.
        await using var scope = services.CreateAsyncScope();
        orchestration.Bind(scope.ServiceProvider);
        await next();
    }

    private static void EnsureEntitiesDispatchedSeparately(IOrchestrationService service)
    {
        // Without a separate entity queue TaskHubWorker starts no entity dispatcher and entity messages
        // fail as "orchestration not found" (Azure Storage: UseSeparateQueueForEntityWorkItems = true).
        if (service is not IEntityOrchestrationService { EntityBackendProperties.UseSeparateQueueForEntityWorkItems: true })
        {
            throw new InvalidOperationException(
                $"{service.GetType().Name} must implement IEntityOrchestrationService and dispatch entity work items " +
                "on their own queue (EntityBackendProperties.UseSeparateQueueForEntityWorkItems).");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable engine started on {Service}")]
    private partial void LogStarted(string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable engine stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable engine stop was cut short; work items still running are abandoned and will be delivered again")]
    private partial void LogStopAbandoned();
}
