namespace EmergencyFlow.Mail;

/// <summary>One notification handed over: the shape of the local host's outbox row, plus how it left.</summary>
/// <param name="IdempotencyKey">The step's key.</param>
/// <param name="MessageId">The message id delivery reports carry (<see cref="Messages.NotificationMessage.MessageIdFor"/>).</param>
/// <param name="InstanceId">The lifecycle instance, taken from the key (the part before its last '.').</param>
/// <param name="File">The .eml file in the mail folder.</param>
/// <param name="Recipients">How many recipients the message names.</param>
/// <param name="RefusedRecipients">How many of them the relay refused (always 0 for the outbox).</param>
/// <param name="Relay">The relay that accepted it (<c>host:port</c>), or null when it was written to the outbox.</param>
/// <param name="WrittenAt">When the message was built (its Date header).</param>
public sealed record MailRecord(
    string IdempotencyKey,
    string MessageId,
    string? InstanceId,
    string File,
    int Recipients,
    int RefusedRecipients,
    string? Relay,
    DateTimeOffset WrittenAt)
{
    /// <summary>The lifecycle instance a key belongs to: keys are <c>{instanceId}.{step}</c>.</summary>
    public static string? InstanceOf(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var dot = idempotencyKey.LastIndexOf('.');
        return dot > 0 ? idempotencyKey[..dot] : null;
    }
}
