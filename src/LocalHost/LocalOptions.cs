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
    /// <summary>Folder for the database, the outbox and the generated keys.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>The SQLite file; defaults to emergencyflow.db in the data folder.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>The .eml outbox; defaults to outbox/ in the data folder.</summary>
    public string? OutboxPath { get; set; }

    /// <summary>Key for the Event Grid webhook (header "x-functions-key"). Generated on first start when not set; at least 32 characters.</summary>
    [MinLength(ApiKeySchemes.MinimumKeyLength, ErrorMessage = "must be at least {1} characters (a generated key has 43)")]
    public string? WebhookKey { get; set; }

    /// <summary>Key for the ops API (header "x-ops-key"). Generated on first start when not set; at least 32 characters.</summary>
    [MinLength(ApiKeySchemes.MinimumKeyLength, ErrorMessage = "must be at least {1} characters (a generated key has 43)")]
    public string? OpsKey { get; set; }

    /// <summary>How often due timers are checked, in milliseconds; 0 turns the timer loop off (tests pump it themselves).</summary>
    [Range(0, 60_000, ErrorMessage = "must be between {1} and {2} milliseconds")]
    public int TimerPollMilliseconds { get; set; } = 1000;

    /// <summary>
    /// How many lifecycles' first runs (DND, lease, email) may go on at once after their dials were
    /// acknowledged; a dial beyond that waits for one to finish before it is stored and answered.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "must be between {1} and {2}")]
    public int MaxBackgroundRuns { get; set; } = 256;

    /// <summary>Where traces and metrics go: "console", or nothing (the default; an OTLP endpoint in OTEL_EXPORTER_OTLP_ENDPOINT also exports).</summary>
    [AllowedValues(null, "", "console", "Console")]
    public string? Telemetry { get; set; }

    /// <summary>The SQLite file in effect.</summary>
    public string DatabaseFile => DatabasePath ?? Path.Combine(DataDirectory, "emergencyflow.db");

    /// <summary>The outbox folder in effect.</summary>
    public string OutboxDirectory => OutboxPath ?? Path.Combine(DataDirectory, "outbox");
}
