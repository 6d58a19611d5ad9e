using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyFlow.Engine.Bridge;

/// <summary>
/// Runs one activity invocation in its own service scope, as Durable Functions does, so an activity may
/// depend on scoped services; the scope is disposed when the invocation ends, whatever its outcome.
/// </summary>
internal sealed class ScopedTaskActivity(
    TaskName name, Func<IServiceProvider, ITaskActivity> create, IServiceProvider services, DurableTaskShimFactory shims) : TaskActivity
{
    // The activity dispatcher only calls RunAsync; the synchronous entry point exists for older callers.
    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException("Activities run asynchronously.");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        await using var scope = services.CreateAsyncScope();
        var activity = shims.CreateActivity(name, create(scope.ServiceProvider));
        return await activity.RunAsync(context, input);
    }
}
