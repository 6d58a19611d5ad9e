using System.ComponentModel.DataAnnotations;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.Http.Security;

namespace EmergencyFlow.LocalHost;

/// <summary>
/// What only the local host reads, about its own machinery (section "EmergencyFlow" in appsettings.json,
/// environment variables EmergencyFlow__*, or command-line --EmergencyFlow:*); the product's settings are
/// <see cref="EmergencyFlowOptions"/>. Everything has an embedded default; both are checked by the same
/// validator when the host is built, so a bad value stops the host at start instead of failing the first emergency.
/// </summary>
public sealed class LocalOptions
{
    /// <summary>Folder for the databases, the outbox and the generated keys.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>
    /// Where the durable engine keeps orchestrations, activities and the pool entity: <c>Sqlite</c> (the
    /// default: a file in the data folder, nothing to install) or <c>AzureStorage</c> (Microsoft's Azure
    /// Storage provider, as the Functions app runs it: Azurite locally via <c>AzureWebJobsStorage</c>,
    /// <c>UseDevelopmentStorage=true</c> when unset; task hub and tuning from host.json).
    /// </summary>
    [AllowedValues("Sqlite", "sqlite", "AzureStorage", "azurestorage", "azure", ErrorMessage = "must be Sqlite or AzureStorage")]
    public string Storage { get; set; } = "Sqlite";

    /// <summary>The local host's own data (agents, presence, alerts, records); defaults to app.db in the data folder.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>The durable engine's SQLite file; defaults to durable.db in the data folder.</summary>
    public string? DurableDatabasePath { get; set; }

    /// <summary>The .eml outbox; defaults to outbox/ in the data folder.</summary>
    public string? OutboxPath { get; set; }

    /// <summary>Key for the Event Grid webhook (header "x-functions-key"). Generated on first start when not set; at least 32 characters.</summary>
    [MinLength(ApiKeySchemes.MinimumKeyLength, ErrorMessage = "must be at least {1} characters (a generated key has 43)")]
    public string? WebhookKey { get; set; }

    /// <summary>Key for the ops API (header "x-ops-key"). Generated on first start when not set; at least 32 characters.</summary>
    [MinLength(ApiKeySchemes.MinimumKeyLength, ErrorMessage = "must be at least {1} characters (a generated key has 43)")]
    public string? OpsKey { get; set; }

    /// <summary>Where traces and metrics go: "console", or nothing (the default; an OTLP endpoint in OTEL_EXPORTER_OTLP_ENDPOINT also exports).</summary>
    [AllowedValues(null, "", "console", "Console")]
    public string? Telemetry { get; set; }

    /// <summary>The local host's data file in effect.</summary>
    public string DatabaseFile => DatabasePath ?? Path.Combine(DataDirectory, "app.db");

    /// <summary>The durable engine's file in effect (SQLite storage).</summary>
    public string DurableDatabaseFile => DurableDatabasePath ?? Path.Combine(DataDirectory, "durable.db");

    /// <summary>The file an earlier version kept everything in; its unfinished lifecycles are not resumed.</summary>
    public string LegacyDatabaseFile => Path.Combine(DataDirectory, "emergencyflow.db");

    /// <summary>True when the engine runs on Azure Storage.</summary>
    public bool UsesAzureStorage => Storage.StartsWith("azure", StringComparison.OrdinalIgnoreCase);

    /// <summary>The outbox folder in effect.</summary>
    public string OutboxDirectory => OutboxPath ?? Path.Combine(DataDirectory, "outbox");
}
