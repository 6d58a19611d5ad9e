using System.Net;
using EmergencyFlow.Domain.Presence;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.Presence.ClearPresence;
using Microsoft.Graph.Users.Item.Presence.SetPresence;
using Microsoft.Graph.Users.Item.Presence.SetUserPreferredPresence;
using Microsoft.Kiota.Abstractions;
using EmergencyFlow.Application.Presence;

namespace EmergencyFlow.AzureAdapters.Presence;

/// <summary>Settings of the Microsoft Teams presence adapter.</summary>
/// <param name="ApplicationId">The app registration's client id: the presence session id Graph needs.</param>
/// <param name="Expiration">The longest this app's presence session is asked to last (Graph allows 5 minutes to 4 hours); the preferred presence holds for the whole call.</param>
public sealed record GraphPresenceOptions(string ApplicationId, TimeSpan Expiration);

/// <summary>
/// Agent presence in Microsoft Teams through the Microsoft Graph SDK: Do Not Disturb as this application's presence
/// session and as the user's preferred presence, taken back after the call (ADR 0014). Needs the application permissions
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

    /// <summary>
    /// Do Not Disturb in two writes (ADR 0014). This app's presence session (<c>setPresence</c>, DoNotDisturb/Presenting,
    /// at most 4 hours) ranks first among sessions and keeps one session alive, which a preferred presence needs to show.
    /// The user's preferred presence (<c>setUserPreferredPresence</c>, DoNotDisturb/DoNotDisturb, for the whole hold) wins
    /// over every session and over a status the agent set themselves, so DND shows whatever the agent's state.
    /// </summary>
    public async Task SetDoNotDisturbAsync(string agentId, string agentIdentity, TimeSpan holdFor, CancellationToken cancellationToken)
    {
        var user = graph.Users[UserId(agentId, agentIdentity)].Presence;
        await CallAsync("set Do Not Disturb", async () =>
        {
            await user.SetPresence.PostAsync(new SetPresencePostRequestBody
            {
                SessionId = options.ApplicationId,
                Availability = "DoNotDisturb",
                Activity = "Presenting", // Graph accepts DoNotDisturb only with the Presenting activity for app sessions.
                ExpirationDuration = holdFor < options.Expiration ? Clamp(holdFor) : options.Expiration,
            }, cancellationToken: cancellationToken);
            return true;
        });
        await CallAsync("set Do Not Disturb as the preferred presence", async () =>
        {
            await user.SetUserPreferredPresence.PostAsync(new SetUserPreferredPresencePostRequestBody
            {
                Availability = "DoNotDisturb",
                Activity = "DoNotDisturb",
                ExpirationDuration = Clamp(holdFor),
            }, cancellationToken: cancellationToken);
            return true;
        });
    }

    /// <summary>
    /// Takes back both writes: the preferred Do Not Disturb (unless the agent replaced it with a choice of their own during
    /// the call) and this app's session; a 404 (nothing left: expired or already cleared) is success. Then, since the
    /// preferred Do Not Disturb replaced whatever preferred presence the agent had, a previous status that only a person
    /// sets is put back as their preferred presence (<see cref="PresenceRules.IsChosenByThePerson"/>); any other previous
    /// presence comes back by itself from the agent's own Teams clients.
    /// </summary>
    public async Task RestoreAsync(string agentId, string agentIdentity, PresenceSnapshot previous, bool keepAgentsChoice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var user = graph.Users[UserId(agentId, agentIdentity)].Presence;
        if (!keepAgentsChoice)
        {
            await ClearAsync("clear the preferred Do Not Disturb", () => user.ClearUserPreferredPresence.PostAsync(cancellationToken: cancellationToken));
        }

        await ClearAsync("clear the emergency presence session",
            () => user.ClearPresence.PostAsync(new ClearPresencePostRequestBody { SessionId = options.ApplicationId }, cancellationToken: cancellationToken));
        if (!keepAgentsChoice && PresenceRules.IsChosenByThePerson(previous))
        {
            await CallAsync("put back the agent's preferred presence", async () =>
            {
                await user.SetUserPreferredPresence.PostAsync(new SetUserPreferredPresencePostRequestBody
                {
                    Availability = previous.Availability,
                    Activity = previous.Activity,
                }, cancellationToken: cancellationToken);
                return true;
            });
        }
    }

    // Graph's expirationDuration starts at 5 minutes.
    private static TimeSpan Clamp(TimeSpan holdFor) => holdFor < TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : holdFor;

    private static async Task ClearAsync(string what, Func<Task> clear)
    {
        try
        {
            await CallAsync(what, async () =>
            {
                await clear();
                return true;
            });
        }
        catch (HttpRequestException gone) when (gone.StatusCode == HttpStatusCode.NotFound)
        {
            // Nothing to clear: the session expired, or a retry of this step cleared it already.
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
