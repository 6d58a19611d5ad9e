using System.Net;
using EmergencyFlow.Domain.Presence;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.Presence.ClearPresence;
using Microsoft.Graph.Users.Item.Presence.SetPresence;
using Microsoft.Kiota.Abstractions;
using EmergencyFlow.Application.Presence;

namespace EmergencyFlow.AzureAdapters.Presence;

/// <summary>Settings of the Microsoft Teams presence adapter.</summary>
/// <param name="ApplicationId">The app registration's client id: the presence session id Graph needs.</param>
/// <param name="Expiration">How long Graph keeps the DND session without renewal (5 minutes to 4 hours).</param>
public sealed record GraphPresenceOptions(string ApplicationId, TimeSpan Expiration);

/// <summary>
/// Agent presence in Microsoft Teams through the Microsoft Graph SDK. DND is set as this application's
/// presence session; restoring clears that session, so Teams shows again whatever the agent's own clients
/// report (the domain's restore rules decide whether to restore at all). Needs the application permissions
/// Presence.Read.All and Presence.ReadWrite.All. Retries, timeouts and throttling are the HttpClient's
/// resilience handler's job (<see cref="GraphPresenceServiceCollectionExtensions.AddGraphPresence"/>).
/// </summary>
public sealed class GraphPresenceGateway(GraphServiceClient graph, GraphPresenceOptions options) : IPresenceGateway
{
    /// <inheritdoc />
    public async Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken)
    {
        var presence = await CallAsync("read presence",
            () => graph.Users[UserId(agentId, agentIdentity)].Presence.GetAsync(cancellationToken: cancellationToken))
            ?? throw new InvalidOperationException("Graph returned an empty presence.");
        return new PresenceSnapshot(presence.Availability ?? PresenceSnapshot.Unknown.Availability, presence.Activity);
    }

    /// <summary>Do Not Disturb sets this app's session; any other value clears it (the restore).</summary>
    public async Task SetAsync(string agentId, string agentIdentity, PresenceSnapshot presence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        var user = graph.Users[UserId(agentId, agentIdentity)].Presence;
        if (presence.IsDoNotDisturb)
        {
            await CallAsync("set Do Not Disturb", async () =>
            {
                await user.SetPresence.PostAsync(new SetPresencePostRequestBody
                {
                    SessionId = options.ApplicationId,
                    Availability = "DoNotDisturb",
                    Activity = "Presenting", // Graph accepts DoNotDisturb only with the Presenting activity for app sessions.
                    ExpirationDuration = options.Expiration,
                }, cancellationToken: cancellationToken);
                return true;
            });
        }
        else
        {
            await CallAsync("clear the emergency presence", async () =>
            {
                await user.ClearPresence.PostAsync(new ClearPresencePostRequestBody { SessionId = options.ApplicationId }, cancellationToken: cancellationToken);
                return true;
            });
        }
    }

    /// <summary>
    /// The Graph user: the Entra object id inside a Teams identity (<c>8:orgid:{id}</c>), otherwise the
    /// agent id, which must then be the agent's Entra object id or user principal name. Returned as is:
    /// the Graph client escapes it into the request path.
    /// </summary>
    public static string UserId(string agentId, string agentIdentity)
    {
        const string teams = "8:orgid:";
        return agentIdentity?.StartsWith(teams, StringComparison.OrdinalIgnoreCase) == true ? agentIdentity[teams.Length..] : agentId;
    }

    // Graph's errors become the HttpRequestException the steps already understand; Graph's error text names the
    // problem (permission, unknown user) and holds no presence data.
    private static async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ODataError error)
        {
            throw new HttpRequestException(
                $"Graph could not {what}: {error.ResponseStatusCode} {error.Error?.Code}: {error.Error?.Message}", error, (HttpStatusCode)error.ResponseStatusCode);
        }
        catch (ApiException error)
        {
            throw new HttpRequestException($"Graph could not {what}: {error.ResponseStatusCode} {error.Message}", error, (HttpStatusCode)error.ResponseStatusCode);
        }
    }
}
