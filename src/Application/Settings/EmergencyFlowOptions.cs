using System.ComponentModel.DataAnnotations;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Settings;

/// <summary>
/// The product's settings, the same on both hosts (section <c>EmergencyFlow</c>: appsettings.json and
/// <c>--EmergencyFlow:Name=value</c> locally, app settings <c>EmergencyFlow__Name</c> in Azure). Each host adds
/// only what is about its own machinery (data folder, Azure endpoints) in a type of its own. Checked by
/// <see cref="SettingsValidator"/> before the host starts, so a bad value stops it with one line naming the
/// setting instead of failing the first emergency.
/// </summary>
public sealed class EmergencyFlowOptions
{
    /// <summary>Configuration section of every EmergencyFlow setting.</summary>
    public const string Section = "EmergencyFlow";

    /// <summary>Sender of notification emails (a verified address of the email domain in Azure).</summary>
    [Required(ErrorMessage = "is required")]
    [EmailAddress(ErrorMessage = "is not an email address")]
    public string SenderAddress { get; set; } = "DoNotReply@emergencyflow.local";

    /// <summary>Display name of the sender.</summary>
    public string SenderName { get; set; } = "EmergencyFlow";

    /// <summary>How long the callback number stays leased after the call ends, in minutes.</summary>
    [Range(1d, 1440d, ErrorMessage = "must be between {1} and {2} minutes")]
    public double CallbackWindowMinutes { get; set; } = 60;

    /// <summary>How long to wait for the call's end before restoring presence anyway and alerting, in hours.</summary>
    [Range(0.25, 24, ErrorMessage = "must be between {1} and {2} hours")]
    public double CallEndDeadlineHours { get; set; } = 4;

    /// <summary>Whether test calls (933) email the contacts.</summary>
    public bool NotifyOnTestCalls { get; set; }

    /// <summary>
    /// Numbers added to the callback pool the first time it is used (E.164). A comma-separated string is
    /// accepted too, as one Azure app setting holds it.
    /// </summary>
    [E164Numbers]
    public string[] SeedPoolNumbers { get; set; } = [];

    /// <summary>
    /// After how many minutes without an end signal operators are alerted (the lifecycle keeps waiting until the deadline);
    /// 0 turns the alert off. ACS sends no CallEnded for PSTN or Teams users, so the dialer's call-ended event is the
    /// normal end: this alert says when it is missing, long before the deadline.
    /// </summary>
    [Range(0d, 1440d, ErrorMessage = "must be between {1} and {2} minutes (0: no alert)")]
    public double CallEndSilenceAlertMinutes { get; set; } = 30;

    /// <summary>
    /// Where a callback to a pool number goes once its lease has ended (an emergency service calling back late must
    /// still reach a person): the contact centre's main number (E.164) or an ACS identity such as a queue's
    /// (<c>8:acs:…</c>). Required in Azure.
    /// </summary>
    [CallbackTarget]
    public string? CallbackFallbackTarget { get; set; }

    /// <summary>Days that personal data (finished lifecycles, event records, emails) is kept.</summary>
    [Range(1, 365, ErrorMessage = "must be between {1} and {2} days")]
    public int RetentionDays { get; set; } = 30;

    /// <summary>The lifecycle settings a new lifecycle is started with.</summary>
    public LifecycleSettings Lifecycle => new(TimeSpan.FromMinutes(CallbackWindowMinutes), TimeSpan.FromHours(CallEndDeadlineHours), NotifyOnTestCalls,
        CallEndSilenceAlertMinutes > 0 ? TimeSpan.FromMinutes(CallEndSilenceAlertMinutes) : null);

    /// <summary>The fallback as an ACS raw id (<c>4:+1…</c> for a number), or null when none is set.</summary>
    public string? CallbackFallbackRawId => CallbackTargetAttribute.ToRawId(CallbackFallbackTarget);
}
