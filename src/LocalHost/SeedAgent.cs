namespace EmergencyFlow.LocalHost;

/// <summary>An agent seeded on first start (when the directory is empty).</summary>
public sealed class SeedAgent
{
    /// <summary>Agent id.</summary>
    public string AgentId { get; set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>ACS raw id.</summary>
    public string AcsIdentity { get; set; } = string.Empty;

    /// <summary>Semicolon-separated contacts.</summary>
    public string EmergencyContacts { get; set; } = string.Empty;
}
