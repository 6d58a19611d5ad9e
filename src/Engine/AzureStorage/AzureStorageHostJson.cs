using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;

namespace EmergencyFlow.Engine.AzureStorage;

/// <summary>
/// Turns the Functions app's host.json <c>extensions.durableTask</c> section into the Azure Storage
/// provider's settings the way the Durable Functions extension (WebJobs.Extensions.DurableTask 3.x)
/// does, with its defaults for a dedicated (non-consumption) plan, so that the local host and the
/// Functions app share one task hub layout and one source of truth. Settings the engine does not
/// apply, or does not know, are listed in <see cref="AzureStorageHostSettings.Issues"/>.
/// </summary>
public static partial class AzureStorageHostJson
{
    /// <summary>The connection Durable Functions uses when host.json names none.</summary>
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads the host.json file at <paramref name="path"/>; see <see cref="Parse"/>.</summary>
    public static AzureStorageHostSettings Read(
        string path, IConfiguration configuration, AzureStorageConnection? connection = null, TokenCredential? credential = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Parse(File.ReadAllText(path), configuration, connection, credential);
    }

    /// <summary>Reads host.json text.</summary>
    /// <param name="hostJson">The whole host.json.</param>
    /// <param name="configuration">
    /// The app settings: resolves <c>%NAME%</c> in hubName, and holds the storage connection host.json
    /// names (storageProvider.connectionName, <c>AzureWebJobsStorage</c> by default).
    /// </param>
    /// <param name="connection">The storage to use instead of the configured connection.</param>
    /// <param name="credential">For an identity-based connection in <paramref name="configuration"/>.</param>
    /// <exception cref="InvalidOperationException">
    /// host.json selects another storage provider, holds a value Durable Functions would refuse, or names a
    /// setting that configuration does not define.
    /// </exception>
    public static AzureStorageHostSettings Parse(
        string hostJson, IConfiguration configuration, AzureStorageConnection? connection = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(hostJson);
        ArgumentNullException.ThrowIfNull(configuration);

        using var document = JsonDocument.Parse(hostJson, Lenient);
        var issues = new List<HostJsonIssue>();
        var root = new HostJsonSection(document.RootElement, "host.json", issues);
        var durableTask = root.Section("extensions").Section("durableTask");
        var storage = durableTask.Section("storageProvider");

        var type = storage.String("type");
        if (type is not null && !string.Equals(type, "AzureStorage", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"host.json selects the '{type}' storage provider; this reads Azure Storage settings only.");
        }

        // connectionStringName and its tracking-store twin are the extension's older, obsolete spellings.
        var connectionName = First(storage.String("connectionName"), storage.String("connectionStringName")) ?? DefaultConnectionName;
        if (connection is null)
        {
            connection = AzureStorageConnection.FromConfiguration(configuration, connectionName, credential);
            if (connection is null)
            {
                connection = AzureStorageConnection.DevelopmentStorage;
                storage.Report("connectionName", $"no connection named '{connectionName}' is configured; using the storage emulator (UseDevelopmentStorage=true)");
            }
        }

        var workers = 10 * Environment.ProcessorCount;
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = HubName(durableTask, configuration),
            StorageAccountClientProvider = connection.CreateClientProvider(),
            PartitionCount = storage.Integer("partitionCount", 1, 16) ?? 4,
            ControlQueueBatchSize = storage.Integer("controlQueueBatchSize", 1) ?? 32,
            ControlQueueBufferThreshold = storage.Integer("controlQueueBufferThreshold", 1, 1000) ?? 256,
            ControlQueueVisibilityTimeout = storage.Duration("controlQueueVisibilityTimeout", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(60)) ?? TimeSpan.FromMinutes(5),
            WorkItemQueueVisibilityTimeout = storage.Duration("workItemQueueVisibilityTimeout", TimeSpan.FromSeconds(1), TimeSpan.MaxValue) ?? TimeSpan.FromMinutes(5),
            MaxQueuePollingInterval = storage.Duration("maxQueuePollingInterval", TimeSpan.FromTicks(1), TimeSpan.MaxValue) ?? TimeSpan.FromSeconds(30),
            FetchLargeMessageDataEnabled = storage.Boolean("fetchLargeMessagesAutomatically") ?? true,
            UseLegacyPartitionManagement = storage.Boolean("useLegacyPartitionManagement") ?? false,
            UseTablePartitionManagement = storage.Boolean("useTablePartitionManagement") ?? true,
            AllowReplayingTerminalInstances = storage.Boolean("allowReplayingTerminalInstances") ?? false,
            MaxConcurrentTaskOrchestrationWorkItems = durableTask.Integer("maxConcurrentOrchestratorFunctions", 1) ?? workers,
            MaxConcurrentTaskActivityWorkItems = durableTask.Integer("maxConcurrentActivityFunctions", 1) ?? workers,
            MaxConcurrentTaskEntityWorkItems = durableTask.Integer("maxConcurrentEntityFunctions", 1) ?? workers,
            MaxEntityOperationBatchSize = durableTask.Integer("maxEntityOperationBatchSize", 1) ?? 5000,
            EntityMessageReorderWindowInMinutes = durableTask.Integer("entityMessageReorderWindowInMinutes", 0) ?? 30,
            UseAppLease = durableTask.Boolean("useAppLease") ?? true,

            // What the extension always sets for the isolated worker: entities on their own queue (without
            // it no entity dispatcher runs), and a refused duplicate start throws rather than returns.
            UseSeparateQueueForEntityWorkItems = true,
            ThrowExceptionOnInvalidDedupeStatus = true,
            ExtendedSessionsEnabled = false,
        };

        if (storage.String("trackingStoreNamePrefix") is { Length: > 0 } prefix)
        {
            settings.TrackingStoreNamePrefix = prefix;
        }

        if (First(storage.String("trackingStoreConnectionName"), storage.String("trackingStoreConnectionStringName")) is { Length: > 0 } trackingName)
        {
            settings.TrackingServiceClientProvider =
                (AzureStorageConnection.FromConfiguration(configuration, trackingName, credential)
                    ?? throw new InvalidOperationException($"host.json names the tracking store connection '{trackingName}', which configuration does not define."))
                .CreateTrackingClientProvider();
        }

        ReadWhatTheEngineDoesNotApply(durableTask);
        storage.ReportUnread();
        durableTask.ReportUnread();
        return new AzureStorageHostSettings(settings, connection, issues);
    }

    private static string HubName(HostJsonSection durableTask, IConfiguration configuration)
    {
        var written = durableTask.String("hubName");
        string hubName;
        if (written is null)
        {
            // As the extension does: the site's name, made valid, or its fixed default.
            hubName = Sanitize(configuration["WEBSITE_SITE_NAME"]) ?? "TestHubName";
            durableTask.Report("hubName", $"not set; using '{hubName}' as Durable Functions would");
        }
        else
        {
            hubName = Placeholder().Replace(written, match =>
                configuration[match.Groups[1].Value] is { Length: > 0 } value
                    ? value
                    : throw new InvalidOperationException($"host.json hubName refers to %{match.Groups[1].Value}%, which configuration does not define."));
        }

        // Durable Functions' rule: the name becomes table, queue and blob container names.
        return HubNameRule().IsMatch(hubName)
            ? hubName
            : throw new InvalidOperationException(
                $"Task hub name '{hubName}' must start with a letter, hold only letters and digits, and be 3 to 50 characters long.");
    }

    private static string? First(string? current, string? obsolete) => current ?? obsolete;

    private static string? Sanitize(string? siteName)
    {
        var letters = new string((siteName ?? string.Empty).Where(char.IsAsciiLetterOrDigit).ToArray());
        if (letters.Length == 0)
        {
            return null;
        }

        if (char.IsAsciiDigit(letters[0]))
        {
            letters = "t" + letters;
        }

        letters = letters.Length > 45 ? letters[..45] : letters;
        return letters.Length < 3 ? letters + "Hub" : letters;
    }

    private static void ReadWhatTheEngineDoesNotApply(HostJsonSection durableTask)
    {
        if (durableTask.Boolean("extendedSessionsEnabled") is true)
        {
            durableTask.Report("extendedSessionsEnabled",
                "not supported by the engine (each orchestration work item gets its own service scope); running without extended sessions");
        }

        durableTask.NotApplied("extendedSessionIdleTimeoutInSeconds", "applies to extended sessions, which the engine does not use");
        if (durableTask.String("overridableExistingInstanceStates") is { } states
            && !string.Equals(states, "NonRunningStates", StringComparison.OrdinalIgnoreCase))
        {
            durableTask.Report("overridableExistingInstanceStates",
                "not applied: the engine's client always refuses to start over a Pending, Running or Suspended instance (NonRunningStates)");
        }

        durableTask.NotApplied("appLeaseOptions", "not applied; the provider's default app lease timings are used");
        durableTask.NotApplied("tracing", "not applied; DurableTask.Core logs through the host's logging");
        durableTask.NotApplied("notifications", "not applied; the engine publishes no Event Grid lifecycle notifications");
        durableTask.NotApplied("httpSettings", "not applied; the engine serves no Durable Functions HTTP APIs");
        durableTask.NotApplied("localRpcEndpointEnabled", "not applicable in-process");
        durableTask.NotApplied("maxOrchestrationActions", "not enforced by the engine");
        durableTask.NotApplied("useGracefulShutdown", "not applied; the engine always lets in-flight work items finish when it stops");
        durableTask.NotApplied("rollbackEntityOperationsOnExceptions", "not applied; durabletask-dotnet's entity shim decides");
        durableTask.NotApplied("storeInputsInOrchestrationHistory", "not applied");
        durableTask.NotApplied("throwStatusExceptionsOnRaiseEvent", "not applied; raising an event never checks the instance first");
        durableTask.NotApplied("defaultVersion", "not applied; the engine does not version orchestrations");
        durableTask.NotApplied("versionMatchStrategy", "not applied; the engine does not version orchestrations");
        durableTask.NotApplied("versionFailureStrategy", "not applied; the engine does not version orchestrations");
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,49}$")]
    private static partial Regex HubNameRule();
}
