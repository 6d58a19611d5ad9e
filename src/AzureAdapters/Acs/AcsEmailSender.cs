using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.AzureAdapters.Tables;

namespace EmergencyFlow.AzureAdapters.Acs;

/// <summary>
/// Sends the notification through ACS Email, then records which lifecycle sent it, so a bounce's
/// delivery report can be traced back. Both halves repeat safely: ACS takes an Operation-Id once,
/// and the outbox row is an upsert.
/// </summary>
public sealed class AcsEmailSender(AcsEmailClient acs, TableStore store) : IEmailSender
{
    /// <inheritdoc />
    public async Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var receipt = await acs.SendAsync(message, cancellationToken);
        var instanceId = message.IdempotencyKey[..message.IdempotencyKey.LastIndexOf('.')];
        await store.RecordOutboxAsync(receipt.MessageId, instanceId, cancellationToken);
        return receipt;
    }
}
