using System.Text.Json;
using Azure;
using Azure.Core;
using EmergencyFlow.Domain.Privacy;
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
/// idempotency key, so a retried step reuses it and ACS does not send twice. Short throttling is retried by the
/// pipeline, honouring Retry-After; a longer Retry-After ends the step with <see cref="AcsThrottledException"/> for the
/// durable retry to wait out. A 400 naming one recipient leaves that one out and sends to the others.
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
        _pipeline = AcsRest.Pipeline(clientOptions ?? AcsClientOptions.ForEmail(), credential, new LongRetryAfterPolicy(StepThrottled.LongestWaitInStep));
        _logger = logger ?? NullLogger<AcsEmailClient>.Instance;
    }

    /// <summary>Hands the message to ACS (or finds that an earlier attempt did); the receipt's message id is the operation id.</summary>
    /// <exception cref="AcsRequestException">ACS refused the message, or kept failing after the retries.</exception>
    public async Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var recipients = message.Recipients.ToList();
        var refused = new List<string>();
        while (true)
        {
            // A send without a refused recipient is a different message: it gets its own Operation-Id, derived from the
            // key and the recipients left out, so a retried step that is refused the same way reuses it.
            var operationId = DeliveryReports.OperationIdFor(refused.Count == 0
                ? message.IdempotencyKey
                : message.IdempotencyKey + "|without:" + string.Join(",", refused.Order(StringComparer.OrdinalIgnoreCase))).ToString();
            using var http = AcsRest.Message(_pipeline, RequestMethod.Post, _options.Endpoint, "/emails:send", AcsOptions.EmailApiVersion);
            http.Request.Headers.Add("Operation-Id", operationId);
            AcsRest.JsonBody(http, new EmailMessage(
                _options.SenderAddress,
                new EmailContent(message.Content.Subject, message.Content.PlainText, message.Content.Html),
                new EmailRecipients([.. recipients.Select(r => new EmailAddress(r))]),
                // Engagement tracking rewrites links and adds a pixel: an emergency notification goes out untouched.
                UserEngagementTrackingDisabled: true));

            await _pipeline.SendAsync(http, cancellationToken);
            switch (http.Response.Status)
            {
                case 202:
                    LogAccepted(operationId, recipients.Count);
                    return new EmailReceipt(operationId, refused);
                case 409:
                    // The Operation-Id is taken: an earlier attempt of this step already handed the message to ACS.
                    LogAlreadySent(operationId);
                    return new EmailReceipt(operationId, refused);
                case 400 when recipients.Count > 1 && RefusedRecipient(http.Response, recipients) is { } bad:
                    // One address costs neither the others their email: it is left out and the rest are sent.
                    recipients.Remove(bad);
                    refused.Add(bad);
                    LogRecipientRefused(Mask.Email(bad), AcsRest.Failure(SendOperation, http.Response).ErrorCode);
                    break;
                default:
                    throw AcsRest.Failure(SendOperation, http.Response);
            }
        }
    }

    /// <summary>The recipient a 400 names (in its message, target or details), if it names exactly one of ours.</summary>
    private static string? RefusedRecipient(Response response, IReadOnlyList<string> recipients)
    {
        var texts = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(response.Content);
            Collect(document.RootElement, texts, depth: 0);
        }
        catch (JsonException)
        {
            return null;
        }

        var named = recipients.Where(r => texts.Any(t => t.Contains(r, StringComparison.OrdinalIgnoreCase))).ToList();
        return named.Count == 1 ? named[0] : null;
    }

    private static void Collect(JsonElement element, List<string> texts, int depth)
    {
        if (depth > 4)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                texts.Add(element.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, texts, depth + 1);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, texts, depth + 1);
                }

                break;
            default:
                break;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACS refused recipient {Recipient} ({ErrorCode}); sending to the others")]
    private partial void LogRecipientRefused(string recipient, string? errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email operation {OperationId} was already accepted by an earlier attempt")]
    private partial void LogAlreadySent(string operationId);

    private sealed record EmailMessage(string SenderAddress, EmailContent Content, EmailRecipients Recipients, bool UserEngagementTrackingDisabled);

    private sealed record EmailContent(string Subject, string? PlainText, string? Html);

    private sealed record EmailRecipients(IReadOnlyList<EmailAddress> To);

    private sealed record EmailAddress(string Address);

    private sealed record EmailSendResult(string? Id, string? Status, EmailError? Error);

    private sealed record EmailError(string? Code);
}
