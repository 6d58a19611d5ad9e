using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using EmergencyFlow.Application.Callbacks;

namespace EmergencyFlow.AzureAdapters.Acs;

/// <summary>
/// ACS Call Automation's redirect over its REST API (<c>calling/callConnections:redirect</c>, api-version
/// <see cref="AcsOptions.CallAutomationApiVersion"/>): the callback rings the agent directly, outside any
/// routing rule, capacity or presence check. Redirect answers nothing, publishes no events and starts
/// no recording. The repeatability headers come from the redirect's key and first time, so a redelivered
/// IncomingCall never redirects twice.
/// </summary>
public sealed partial class AcsCallAutomationClient : ICallRedirector
{
    private const string RedirectOperation = "call redirect";

    private readonly Uri _endpoint;
    private readonly HttpPipeline _pipeline;
    private readonly ILogger _logger;

    /// <summary>Creates the client.</summary>
    /// <param name="options">The endpoint.</param>
    /// <param name="credential">The app's identity (managed identity in Azure).</param>
    /// <param name="clientOptions">Pipeline settings; <see cref="AcsClientOptions.ForCallAutomation"/> when null.</param>
    /// <param name="logger">Where redirects are logged (raw ids masked).</param>
    public AcsCallAutomationClient(AcsOptions options, TokenCredential credential, AcsClientOptions? clientOptions = null, ILogger<AcsCallAutomationClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        _endpoint = options.Endpoint;
        _pipeline = AcsRest.Pipeline(clientOptions ?? AcsClientOptions.ForCallAutomation(), credential);
        _logger = logger ?? NullLogger<AcsCallAutomationClient>.Instance;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The target's raw id is not an ACS user, a Teams user or a phone number.</exception>
    /// <exception cref="AcsRequestException">ACS refused the redirect, or kept failing after the retries.</exception>
    public async Task RedirectAsync(CallRedirect redirect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redirect);
        var agent = AcsIdentity.FromRawId(redirect.TargetRawId);
        var target = agent.Kind switch
        {
            AcsIdentityKind.CommunicationUser => new Target("communicationUser", agent.RawId, new CommunicationUser(agent.Id), null, null),
            AcsIdentityKind.MicrosoftTeamsUser => new Target("microsoftTeamsUser", agent.RawId, null, new TeamsUser(agent.Id, agent.IsAnonymous, agent.Cloud), null),
            // The contact centre's fallback line for a callback whose lease has ended.
            AcsIdentityKind.PhoneNumber => new Target("phoneNumber", agent.RawId, null, null, new PhoneNumberTarget(agent.Id)),
            _ => throw new InvalidOperationException($"A callback can be redirected to an ACS user, a Teams user or a phone number, not to a {agent.Kind} identity."),
        };

        using var http = AcsRest.Message(_pipeline, RequestMethod.Post, _endpoint, "/calling/callConnections:redirect", AcsOptions.CallAutomationApiVersion);
        if (redirect.FirstSentAt is { } firstSent)
        {
            // The spec asks for a random UUID; a name-based one from the key is as unique and is the same on every delivery.
            http.Request.Headers.Add("Repeatability-Request-ID", DeliveryReports.OperationIdFor(redirect.IdempotencyKey).ToString());
            http.Request.Headers.Add("Repeatability-First-Sent", firstSent.ToString("R", CultureInfo.InvariantCulture));
        }

        AcsRest.JsonBody(http, new RedirectCallRequest(redirect.IncomingCallContext, target));
        await _pipeline.SendAsync(http, cancellationToken);
        switch (http.Response.Status)
        {
            case 204 or 200:
                LogRedirected(Mask.RawId(agent.RawId), agent.Kind);
                return;
            case 409:
                // A repeat of a redirect ACS has already taken (same Repeatability-Request-ID).
                LogAlreadyRedirected(Mask.RawId(agent.RawId));
                return;
            default:
                throw AcsRest.Failure(RedirectOperation, http.Response);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback redirected to {Target} ({Kind})")]
    private partial void LogRedirected(string target, AcsIdentityKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback redirect to {Agent} was already taken by an earlier attempt")]
    private partial void LogAlreadyRedirected(string agent);

    private sealed record RedirectCallRequest(string IncomingCallContext, Target Target);

    private sealed record Target(string Kind, string RawId, CommunicationUser? CommunicationUser, TeamsUser? MicrosoftTeamsUser, PhoneNumberTarget? PhoneNumber);

    private sealed record CommunicationUser(string Id);

    private sealed record TeamsUser(string UserId, bool IsAnonymous, string Cloud);

    private sealed record PhoneNumberTarget(string Value);
}
