using EmergencyFlow.Engine.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.Engine;

/// <summary>Registers the durable engine on Microsoft's Azure Storage provider.</summary>
public static class AzureStorageServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="DurableEngineServiceCollectionExtensions.AddDurableEngine"/> on the Azure Storage
    /// provider, configured by <paramref name="hostSettings"/> (see <see cref="AzureStorageHostJson"/>);
    /// the task hub and each host.json issue are logged when the service is created.
    /// </summary>
    public static IServiceCollection AddDurableEngineOnAzureStorage(
        this IServiceCollection services,
        Action<DurableTaskRegistry> registerTasks,
        AzureStorageHostSettings hostSettings,
        Action<DurableEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(hostSettings);
        return services.AddDurableEngine(
            registerTasks,
            (sp, options) =>
            {
                var loggers = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
                hostSettings.Log(loggers.CreateLogger(typeof(AzureStorageHostJson)));
                return AzureStorageOrchestrationServices.Create(hostSettings.Settings, options, loggers);
            },
            configure);
    }
}
