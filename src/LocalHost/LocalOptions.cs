using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.LocalHost;

/// <summary>
/// The local host's settings (section "EmergencyFlow" in appsettings.json, environment variables
/// EmergencyFlow__*, or command-line --EmergencyFlow:*). Everything has an embedded default.
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
    public string SenderAddress { get; set; } = "DoNotReply@emergencyflow.local";

    /// <summary>Sender display name.</summary>
    public string SenderName { get; set; } = "EmergencyFlow";

    /// <summary>Callback window after the call ends, in minutes.</summary>
    public double CallbackWindowMinutes { get; set; } = 60;

    /// <summary>How long to wait for the call's end before restoring presence and alerting, in hours.</summary>
    public double CallEndDeadlineHours { get; set; } = 4;

    /// <summary>Whether 933 test calls email the contacts.</summary>
    public bool NotifyOnTestCalls { get; set; }

    /// <summary>How often due timers are checked, in milliseconds; 0 turns the timer loop off (tests pump it themselves).</summary>
    public int TimerPollMilliseconds { get; set; } = 1000;

    /// <summary>Pool numbers to add at start-up (E.164); existing numbers and leases are kept.</summary>
    public string[] SeedPoolNumbers { get; set; } = [];

    /// <summary>The SQLite file in effect.</summary>
    public string DatabaseFile => DatabasePath ?? Path.Combine(DataDirectory, "emergencyflow.db");

    /// <summary>The outbox folder in effect.</summary>
    public string OutboxDirectory => OutboxPath ?? Path.Combine(DataDirectory, "outbox");

    /// <summary>Lifecycle settings from these options.</summary>
    public LifecycleSettings Lifecycle => new(TimeSpan.FromMinutes(CallbackWindowMinutes), TimeSpan.FromHours(CallEndDeadlineHours), NotifyOnTestCalls);
}
