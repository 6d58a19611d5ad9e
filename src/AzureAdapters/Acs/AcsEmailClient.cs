using Azure.Core;
using Azure.Core.Pipeline;
using EmergencyFlow.Domain.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using EmergencyFlow.Application.Notifications;

namespace EmergencyFlow.AzureAdapters.Acs;

/// <summary>The state of an email send operation, as ACS reports it.</summary>
/// <param name="Id">The operation id (the message id delivery reports carry).</param>
/// <param name="Status">NotStarted, Running, Succeeded, Failed or Canceled.</param>
/// <param name="ErrorCode">The ACS error code when the operation failed.</param>
public sealed record EmailOperationStatus(string Id, string Status, string? ErrorCode)
{
    /// <summary>True once the status no longer changes.</summary>
    public bool IsTerminal => Status is "Succeeded" or "Failed" or "Canceled";
}

/// <summary>
/// ACS Email over its REST API (<c>emails:send</c>, api-version <see cref="AcsOptions.EmailApiVersion"/>) on
/// Azure.Core's pipeline with an Entra ID token. The Operation-Id is derived from the notification's
/// idempotency key, so a retried step reuses it and ACS does not send twice; throttling is retried by
/// the pipeline, honouring Retry-After.
/// </summary>
public sealed partial class AcsEmailClient : IEmailSender
{
    private const string SendOperation = "email send";
    private const string StatusOperation = "email status";

    private readonly AcsOptions _options;
    private readonly HttpPipeline _pipeline;
    private readonly ILogger _logger;

    /// <summary>Creates the client.</summary>
    /// <param name="options">The endpoint and sender address.</param>
    /// <param name="credential">The app's identity (managed identity in Azure).</param>
    /// <param name="clientOptions">Pipeline settings; <see cref="AcsClientOptions.ForEmail"/> when null.</param>
    /// <param name="logger">Where sends are logged (no addresses).</param>
    public AcsEmailClient(AcsOptions options, TokenCredential credential, AcsClientOptions? clientOptions = null, ILogger<AcsEmailClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        _options = options;
        _pipeline = AcsRest.Pipeline(clientOptions ?? AcsClientOptions.ForEmail(), credential);
        _logger = logger ?? NullLogger<AcsEmailClient>.Instance;
    }

    /// <summary>Hands the message to ACS (or finds that an earlier attempt did); the receipt's message id is the operation id.</summary>
    /// <exception cref="AcsRequestException">ACS refused the message, or kept failing after the retries.</exception>
    public async Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var operationId = DeliveryReports.OperationIdFor(message.IdempotencyKey).ToString();
        using var http = AcsRest.Message(_pipeline, RequestMethod.Post, _options.Endpoint, "/emails:send", AcsOptions.EmailApiVersion);
        http.Request.Headers.Add("Operation-Id", operationId);
        AcsRest.JsonBody(http, new EmailMessage(
            _options.SenderAddress,
            new EmailContent(message.Content.Subject, message.Content.PlainText, message.Content.Html),
            new EmailRecipients([.. message.Recipients.Select(r => new EmailAddress(r))]),
            // Engagement tracking rewrites links and adds a pixel: an emergency notification goes out untouched.
            UserEngagementTrackingDisabled: true));

        await _pipeline.SendAsync(http, cancellationToken);
        switch (http.Response.Status)
        {
            case 202:
                LogAccepted(operationId, message.Recipients.Count);
                return EmailReceipt.Accepted(operationId);
            case 409:
                // The Operation-Id is taken: an earlier attempt of this step already handed the message to ACS.
                LogAlreadySent(operationId);
                return EmailReceipt.Accepted(operationId);
            default:
                throw AcsRest.Failure(SendOperation, http.Response);
        }
    }

    /// <summary>The status of a send operation (<c>GET emails/operations/{id}</c>).</summary>
    /// <exception cref="AcsRequestException">ACS does not know the operation, or kept failing after the retries.</exception>
    public async Task<EmailOperationStatus> GetSendStatusAsync(string operationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        using var http = AcsRest.Message(_pipeline, RequestMethod.Get, _options.Endpoint, "/emails/operations/", AcsOptions.EmailApiVersion);
        http.Request.Uri.AppendPath(operationId, escape: true);
        await _pipeline.SendAsync(http, cancellationToken);
        if (http.Response.Status != 200)
        {
            throw AcsRest.Failure(StatusOperation, http.Response);
        }

        var result = http.Response.Content.ToObjectFromJson<EmailSendResult>(AcsRest.Json)
            ?? throw new AcsRequestException(StatusOperation, http.Response.Status, null);
        return new EmailOperationStatus(result.Id ?? operationId, result.Status ?? "Unknown", result.Error?.Code);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email operation {OperationId} accepted by ACS for {RecipientCount} recipients")]
    private partial void LogAccepted(string operationId, int recipientCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email operation {OperationId} was already accepted by an earlier attempt")]
    private partial void LogAlreadySent(string operationId);

    private sealed record EmailMessage(string SenderAddress, EmailContent Content, EmailRecipients Recipients, bool UserEngagementTrackingDisabled);

    private sealed record EmailContent(string Subject, string? PlainText, string? Html);

    private sealed record EmailRecipients(IReadOnlyList<EmailAddress> To);

    private sealed record EmailAddress(string Address);

    private sealed record EmailSendResult(string? Id, string? Status, EmailError? Error);

    private sealed record EmailError(string? Code);
}
