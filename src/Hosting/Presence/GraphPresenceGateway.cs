using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Hosting.Steps;

namespace EmergencyFlow.Hosting.Presence;

/// <summary>Settings of the Microsoft Teams presence adapter.</summary>
/// <param name="ApplicationId">The app registration's client id: the presence session id Graph needs.</param>
/// <param name="Expiration">How long Graph keeps the DND session without renewal (5 minutes to 4 hours).</param>
public sealed record GraphPresenceOptions(string ApplicationId, TimeSpan Expiration);

/// <summary>
/// Agent presence in Microsoft Teams through Microsoft Graph's REST API (plain HTTP, so it is built
/// and tested without the Graph SDK). DND is set as this application's presence session; restoring
/// clears that session, so Teams shows again whatever the agent's own clients report. Needs the
/// application permissions Presence.Read.All and Presence.ReadWrite.All.
/// </summary>
public sealed class GraphPresenceGateway(HttpClient http, TokenCredential credential, GraphPresenceOptions options) : IPresenceGateway
{
    private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];

    /// <summary>Graph's base address.</summary>
    public static readonly Uri BaseAddress = new("https://graph.microsoft.com/v1.0/");

    /// <inheritdoc />
    public async Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, $"users/{UserId(agentId, agentIdentity)}/presence", null, cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "read presence", cancellationToken);
        var presence = await response.Content.ReadFromJsonAsync<GraphPresence>(cancellationToken)
            ?? throw new InvalidOperationException("Graph returned an empty presence.");
        return new PresenceSnapshot(presence.Availability ?? PresenceSnapshot.Unknown.Availability, presence.Activity);
    }

    /// <summary>Do Not Disturb sets this app's session; any other value clears it (the restore).</summary>
    public async Task SetAsync(string agentId, string agentIdentity, PresenceSnapshot presence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        var user = UserId(agentId, agentIdentity);
        using var request = presence.IsDoNotDisturb
            ? await RequestAsync(HttpMethod.Post, $"users/{user}/presence/setPresence", new
            {
                sessionId = options.ApplicationId,
                availability = "DoNotDisturb",
                activity = "Presenting", // Graph accepts DoNotDisturb only with the Presenting activity for app sessions.
                expirationDuration = System.Xml.XmlConvert.ToString(options.Expiration),
            }, cancellationToken)
            : await RequestAsync(HttpMethod.Post, $"users/{user}/presence/clearPresence", new { sessionId = options.ApplicationId }, cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, presence.IsDoNotDisturb ? "set Do Not Disturb" : "clear the emergency presence", cancellationToken);
    }

    /// <summary>
    /// The Graph user: the Entra object id inside a Teams identity (<c>8:orgid:{id}</c>), otherwise the
    /// agent id, which must then be the agent's Entra object id or user principal name.
    /// </summary>
    public static string UserId(string agentId, string agentIdentity)
    {
        const string teams = "8:orgid:";
        var id = agentIdentity?.StartsWith(teams, StringComparison.OrdinalIgnoreCase) == true ? agentIdentity[teams.Length..] : agentId;
        return Uri.EscapeDataString(id);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), cancellationToken);
        var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            // Graph's error body names the problem (permission, unknown user); it holds no presence data.
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Graph could not {what}: {(int)response.StatusCode} {body}", null, response.StatusCode);
        }
    }

    private sealed record GraphPresence(
        [property: JsonPropertyName("availability")] string? Availability,
        [property: JsonPropertyName("activity")] string? Activity);
}
