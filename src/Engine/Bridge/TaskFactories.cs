using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace EmergencyFlow.Engine.Bridge;

/// <summary>
/// The registry's factories by name. Lookups ignore case: the entity dispatcher passes lower-cased
/// entity names (<c>@counter@key</c>), and durabletask-dotnet treats task names case-insensitively.
/// </summary>
internal sealed class TaskFactories
{
    public TaskFactories(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Orchestrators = ToDictionary(registry.GetOrchestrators());
        Activities = ToDictionary(registry.GetActivities());
        Entities = ToDictionary(registry.GetEntities());
    }

    public IReadOnlyDictionary<string, (TaskName Name, Func<IServiceProvider, ITaskOrchestrator> Create)> Orchestrators { get; }

    public IReadOnlyDictionary<string, (TaskName Name, Func<IServiceProvider, ITaskActivity> Create)> Activities { get; }

    public IReadOnlyDictionary<string, (TaskName Name, Func<IServiceProvider, ITaskEntity> Create)> Entities { get; }

    private static Dictionary<string, (TaskName Name, Func<IServiceProvider, T> Create)> ToDictionary<T>(
        IEnumerable<KeyValuePair<TaskName, Func<IServiceProvider, T>>> registrations)
    {
        var byName = new Dictionary<string, (TaskName, Func<IServiceProvider, T>)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, create) in registrations)
        {
            // Two names that differ only in case would be one task to the dispatchers: refuse it here.
            if (!byName.TryAdd(name.Name, (name, create)))
            {
                throw new ArgumentException($"'{name.Name}' is registered twice (names are case-insensitive).", nameof(registrations));
            }
        }

        return byName;
    }
}
