
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>Lifecycle settings, fixed per instance when it starts.</summary>
/// <param name="CallbackWindow">How long the callback number stays leased after the call ends.</param>
/// <param name="CallEndDeadline">How long to wait for the call to end before restoring presence anyway.</param>
/// <param name="NotifyOnTestCalls">Whether test calls (933) email the contacts.</param>
/// <param name="CallEndSilenceAlert">
/// How long after the start operators are alerted that no end signal has come yet (the call goes on waiting until
/// <paramref name="CallEndDeadline"/>); null or not shorter than the deadline: no such alert. Added later with a
/// default, so settings stored before it still read.
/// </param>
public sealed record LifecycleSettings(TimeSpan CallbackWindow, TimeSpan CallEndDeadline, bool NotifyOnTestCalls, TimeSpan? CallEndSilenceAlert = null)
{
    /// <summary>60-minute callback window, 4-hour call-end deadline, an alert after 30 minutes without an end, no email for test calls.</summary>
    public static LifecycleSettings Default { get; } = new(TimeSpan.FromMinutes(60), TimeSpan.FromHours(4), false, TimeSpan.FromMinutes(30));
}
