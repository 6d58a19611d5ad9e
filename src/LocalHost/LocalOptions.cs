using System.ComponentModel.DataAnnotations;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.LocalHost;

/// <summary>
/// The local host's settings (section "EmergencyFlow" in appsettings.json, environment variables
/// EmergencyFlow__*, or command-line --EmergencyFlow:*). Everything has an embedded default; the
/// annotations are checked when the host is built (<see cref="LocalOptionsValidator"/>), so a bad
/// value stops the host at start instead of failing the first emergency.
/// </summary>
public sealed class LocalOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "EmergencyFlow";

    /// <summary>Folder for the database, the outbox and the generated keys.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>The SQLite file; defaults to emergencyflow.db in the data folder.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>The .eml outbox; defaults to outbox/ in the data folder.</summary>
    public string? OutboxPath { get; set; }

    /// <summary>Key for the Event Grid webhook (query "code" or header "x-functions-key"). Generated on first start when empty.</summary>
    public string? WebhookKey { get; set; }

    /// <summary>Key for the ops API. Generated on first start when empty.</summary>
    public string? OpsKey { get; set; }

    /// <summary>Sender of notification emails.</summary>
    [Required(ErrorMessage = "is required")]
    [EmailAddress(ErrorMessage = "is not an email address")]
    public string SenderAddress { get; set; } = "DoNotReply@emergencyflow.local";

    /// <summary>Sender display name.</summary>
    public string SenderName { get; set; } = "EmergencyFlow";

    /// <summary>Callback window after the call ends, in minutes.</summary>
    [Range(1d, 1440d, ErrorMessage = "must be between {1} and {2} minutes")]
    public double CallbackWindowMinutes { get; set; } = 60;

    /// <summary>How long to wait for the call's end before restoring presence and alerting, in hours.</summary>
    [Range(0.25, 48, ErrorMessage = "must be between {1} and {2} hours")]
    public double CallEndDeadlineHours { get; set; } = 4;

    /// <summary>Whether 933 test calls email the contacts.</summary>
    public bool NotifyOnTestCalls { get; set; }

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

    /// <summary>Pool numbers to add at start-up (E.164); existing numbers and leases are kept.</summary>
    [E164Numbers]
    public string[] SeedPoolNumbers { get; set; } = [];

    /// <summary>The SQLite file in effect.</summary>
    public string DatabaseFile => DatabasePath ?? Path.Combine(DataDirectory, "emergencyflow.db");

    /// <summary>The outbox folder in effect.</summary>
    public string OutboxDirectory => OutboxPath ?? Path.Combine(DataDirectory, "outbox");

    /// <summary>Lifecycle settings from these options.</summary>
    public LifecycleSettings Lifecycle => new(TimeSpan.FromMinutes(CallbackWindowMinutes), TimeSpan.FromHours(CallEndDeadlineHours), NotifyOnTestCalls);
}

/// <summary>Every entry is an E.164 number, as the callback pool reads it (<see cref="PhoneNumber.ToE164"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class E164NumbersAttribute : ValidationAttribute
{
    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var bad = (value as IEnumerable<string?> ?? []).Where(n => PhoneNumber.ToE164(n) is null).ToList();
        return bad.Count == 0
            ? ValidationResult.Success
            : new ValidationResult($"is not E.164 (a '+' then 8 to 15 digits): {string.Join(", ", bad.Select(n => $"'{n}'"))}", [validationContext.MemberName!]);
    }
}
