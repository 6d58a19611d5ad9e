namespace EmergencyFlow.Domain.Notifications;

/// <summary>An agent as the lifecycle needs them: the directory entry the ops API edits.</summary>
/// <param name="AgentId">The contact centre's agent id (the dialer's).</param>
/// <param name="DisplayName">Name used in the notification.</param>
/// <param name="AcsIdentity">ACS raw id (<c>8:acs:…</c>), the target of presence changes and callback redirects.</param>
/// <param name="EmergencyContacts">Semicolon-separated list of addresses.</param>
public sealed record AgentProfile(string AgentId, string DisplayName, string AcsIdentity, string EmergencyContacts);
