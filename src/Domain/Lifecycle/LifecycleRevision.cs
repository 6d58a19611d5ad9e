
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>
/// Revisions of the workflow's durable actions. A change that adds or reorders durable actions gets a new revision and
/// is taken only by lifecycles started under it; lifecycles in flight keep replaying the actions they recorded.
/// </summary>
public static class LifecycleRevision
{
    /// <summary>DND, lease, notify, wait, restore, window, release.</summary>
    public const int First = 1;

    /// <summary>
    /// The agent's identity comes from the directory (a step before DND); operators are alerted when no end signal has
    /// come after <see cref="LifecycleSettings.CallEndSilenceAlert"/>, when stored contacts were skipped, and when the
    /// mail service refused some recipients.
    /// </summary>
    public const int DirectoryIdentity = 2;

    /// <summary>The revision new lifecycles start under.</summary>
    public const int Current = DirectoryIdentity;
}
