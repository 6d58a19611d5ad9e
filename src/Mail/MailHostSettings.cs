namespace EmergencyFlow.Mail;

/// <summary>
/// What the host decides for every mail transport: who the notification comes from and the folder that keeps
/// one .eml file per notification handed over (written there by the outbox, or kept there by the SMTP relay
/// sender as the durable record that the relay accepted it).
/// </summary>
/// <param name="SenderAddress">The From address (today's <c>EmergencyFlow:SenderAddress</c>).</param>
/// <param name="SenderName">The From display name.</param>
/// <param name="Folder">The mail folder (today's outbox folder).</param>
/// <param name="Durable">
/// True (the default) flushes each file to the disk before it gets its final name, so a power cut leaves a whole
/// message or none; false skips that for measurements and throw-away runs.
/// </param>
public sealed record MailHostSettings(string SenderAddress, string SenderName, string Folder, bool Durable = true);
