
namespace EmergencyFlow.Application.Events;

/// <summary>Where a call's lifecycle stands.</summary>
public enum LifecycleState
{
    /// <summary>No lifecycle with that id.</summary>
    None,

    /// <summary>Running or waiting.</summary>
    Live,

    /// <summary>Completed, failed or terminated.</summary>
    Finished,
}
