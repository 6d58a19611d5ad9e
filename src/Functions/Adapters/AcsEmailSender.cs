using System.Globalization;
using Azure;
using Azure.Communication.Email;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Hosting.Notifications;
using EmergencyFlow.Hosting.Steps;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Adapters;

/// <summary>
/// Sends the notification with ACS Email. The operation id derives from the idempotency key, so a
/// retried activity reuses it and ACS does not send twice; short 429 waits are taken here, longer
/// ones are left to the activity's retry policy.
/// </summary>
public sealed class AcsEmailSender(EmailClient client, TableStore store, IOptions<FunctionsOptions> options, TimeProvider clock) : IEmailSender
{
    /// <inheritdoc />
    public async Task<string> SendAsync(ComposedNotification message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var operationId = DeliveryReports.OperationIdFor(message.IdempotencyKey);
        var email = new EmailMessage(
            options.Value.SenderAddress,
            new EmailRecipients(message.Recipients.Select(r => new EmailAddress(r)).ToList()),
            new EmailContent(message.Content.Subject) { PlainText = message.Content.PlainText, Html = message.Content.Html });

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.SendAsync(WaitUntil.Started, email, operationId, cancellationToken);
                break;
            }
            catch (RequestFailedException conflict) when (conflict.Status == 409)
            {
                // The operation id exists: an earlier attempt of this step already handed the message to ACS.
                break;
            }
            catch (RequestFailedException throttled) when (throttled.Status == 429
                && EmailThrottling.NextWait(attempt, RetryAfter(throttled)) is { } wait)
            {
                await Task.Delay(wait, clock, cancellationToken);
            }
        }

        var instanceId = message.IdempotencyKey[..message.IdempotencyKey.LastIndexOf('.')];
        await store.RecordOutboxAsync(operationId.ToString(), instanceId, cancellationToken);
        return operationId.ToString();
    }

    private static TimeSpan? RetryAfter(RequestFailedException exception) =>
        exception.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var value) == true && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
