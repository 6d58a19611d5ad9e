namespace EmergencyFlow.Durable;

/// <summary>What kind of durable action a journal entry records.</summary>
public enum ActionKind
{
    /// <summary>A side-effect step (activity).</summary>
    Step,

    /// <summary>A call or signal to the callback pool.</summary>
    Pool,

    /// <summary>The wait for the call's end.</summary>
    WaitForCallEnd,

    /// <summary>A durable sleep.</summary>
    Sleep,
}
