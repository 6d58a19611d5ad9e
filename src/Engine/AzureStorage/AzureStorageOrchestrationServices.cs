using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Engine.AzureStorage;

/// <summary>Creates Microsoft's Azure Storage orchestration service for the engine.</summary>
public static class AzureStorageOrchestrationServices
{
    /// <summary>
    /// Creates the service from <paramref name="settings"/>, after setting on them what the engine needs
    /// (entity work items on their own queue, duplicate starts that throw, no extended sessions, the
    /// engine's logging) and the engine's concurrency limits where <paramref name="options"/> set them.
    /// </summary>
    public static AzureStorageOrchestrationService Create(
        AzureStorageOrchestrationServiceSettings settings, DurableEngineOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);

        settings.UseSeparateQueueForEntityWorkItems = true;
        settings.ThrowExceptionOnInvalidDedupeStatus = true;
        settings.ExtendedSessionsEnabled = false;
        settings.MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations ?? settings.MaxConcurrentTaskOrchestrationWorkItems;
        settings.MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities ?? settings.MaxConcurrentTaskActivityWorkItems;
        settings.MaxConcurrentTaskEntityWorkItems = options.MaxConcurrentEntities ?? settings.MaxConcurrentTaskEntityWorkItems;
        if (loggerFactory is not null)
        {
            settings.LoggerFactory = loggerFactory;
        }

        return new AzureStorageOrchestrationService(settings);
    }
}
