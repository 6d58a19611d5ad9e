using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Mail.Tests.Support;

/// <summary>Builds the composed notification the domain hands to a sender.</summary>
internal static class Notifications
{
    public const string Subject = "Notfall – Ana Lima";
    public const string PlainText = "Ana Lima hat einen Notruf gewählt (112). Rückrufnummer: +4535550123.";
    public const string Html = "<p>Ana Lima hat einen <b>Notruf</b> gewählt (112). Rückrufnummer: +4535550123.</p>";

    public static ComposedNotification For(string idempotencyKey, params string[] recipients) =>
        new(idempotencyKey, recipients.Length == 0 ? ["ops-lead@contoso.com", "ana.family@contoso.com"] : recipients,
            new RenderedNotification(Subject, PlainText, Html), []);

    /// <summary>A step key as the lifecycle makes them: the instance id, a dot, the step.</summary>
    public static string Key(string call = "call-1") => $"emergency-{call}.SendNotification";
}
