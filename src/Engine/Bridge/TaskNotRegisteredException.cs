namespace EmergencyFlow.Engine.Bridge;

/// <summary>A work item named an orchestrator, activity or entity that the registry does not hold.</summary>
public sealed class TaskNotRegisteredException : InvalidOperationException
{
    public TaskNotRegisteredException()
    {
    }

    public TaskNotRegisteredException(string message)
        : base(message)
    {
    }

    public TaskNotRegisteredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal TaskNotRegisteredException(string kind, string name)
        : base($"No {kind} named '{name}' is registered with the durable engine.")
    {
    }
}
