using System.ComponentModel.DataAnnotations;

namespace EmergencyFlow.Functions;

/// <summary>
/// Settings the app reads (section "EmergencyFlow"; app settings <c>EmergencyFlow__Name</c>). Validated
/// at start-up: a misconfigured app fails to start instead of failing during an emergency.
/// </summary>
public sealed class FunctionsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "EmergencyFlow";

    /// <summary>ACS resource endpoint, e.g. https://acs-emergencyflow.communication.azure.com (Email and Call Automation, managed identity).</summary>
    [Required]
    [Url]
    public string AcsEndpoint { get; set; } = string.Empty;

    /// <summary>Verified sender address of the Email Communication Service domain.</summary>
    [Required]
    [EmailAddress]
    public string SenderAddress { get; set; } = string.Empty;

    /// <summary>The local emulator's table setting (Azurite).</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>Table service endpoint for the agents directory, template and step memory (managed identity), or <see cref="DevelopmentStorage"/> for Azurite.</summary>
    [Required]
    public string TableServiceUri { get; set; } = string.Empty;

    /// <summary>Table name.</summary>
    [Required]
    public string TableName { get; set; } = "emergencyflow";

    /// <summary>App registration client id used as the Graph presence session id.</summary>
    [Required]
    public string PresenceApplicationId { get; set; } = string.Empty;

    /// <summary>Client id of the user-assigned managed identity, when the app uses one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Callback window after the call ends, minutes.</summary>
    [Range(1, 24 * 60)]
    public double CallbackWindowMinutes { get; set; } = 60;

    /// <summary>How long to wait for the call's end, hours.</summary>
    [Range(0.1, 24)]
    public double CallEndDeadlineHours { get; set; } = 4;

    /// <summary>Whether 933 test calls email the contacts.</summary>
    public bool NotifyOnTestCalls { get; set; }

    /// <summary>Pool numbers (E.164, comma-separated) added the first time the pool entity runs.</summary>
    public string SeedPoolNumbers { get; set; } = string.Empty;

    /// <summary>Completed emergency lifecycles (with their personal data) are purged after this many days.</summary>
    [Range(1, 365)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>The seed numbers as a list.</summary>
    public IReadOnlyList<string> SeedNumbers => SeedPoolNumbers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Lifecycle settings from these options.</summary>
    public Domain.Lifecycle.LifecycleSettings Lifecycle => new(TimeSpan.FromMinutes(CallbackWindowMinutes), TimeSpan.FromHours(CallEndDeadlineHours), NotifyOnTestCalls);
}
