using DurableTask.Core;
using DurableTask.Core.Entities;

namespace EmergencyFlow.Engine.Sqlite.Tests.Support;

/// <summary>Three activities in a row; the output joins their results.</summary>
internal sealed class ThreeGreetings : TaskOrchestration<string, string>
{
    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        var results = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            results.Add(await context.ScheduleTask<string>(typeof(Greeter), $"{input}-{i}"));
        }

        return string.Join('|', results);
    }
}

/// <summary>Waits for the "approve" event and returns what it carried.</summary>
internal sealed class AwaitApproval : TaskOrchestration<string, string>
{
    private readonly TaskCompletionSource<string> approval = new();

    public override async Task<string> RunTask(OrchestrationContext context, string input) => "approved by " + await approval.Task;

    public override void OnEvent(OrchestrationContext context, string name, string input)
    {
        if (name == "approve")
        {
            approval.TrySetResult(input);
        }
    }
}

/// <summary>Sleeps on a durable timer for <see cref="Delay"/>, then returns the timer's FireAt.</summary>
internal sealed class Sleeper : TaskOrchestration<DateTime, string>
{
    public static TimeSpan Delay { get; } = TimeSpan.FromMinutes(10);

    public override Task<DateTime> RunTask(OrchestrationContext context, string input)
    {
        var fireAt = context.CurrentUtcDateTime.Add(Delay);
        return context.CreateTimer(fireAt, fireAt);
    }
}

/// <summary>Continues as new with its input plus one until it reaches three.</summary>
internal sealed class CountToThree : TaskOrchestration<int, int>
{
    public override Task<int> RunTask(OrchestrationContext context, int input)
    {
        if (input < 3)
        {
            context.ContinueAsNew(input + 1);
        }

        return Task.FromResult(input);
    }
}

/// <summary>
/// The crash scenario: an activity, a durable timer, a signal to the counter entity, another activity.
/// Its output names the input, so a test can tell every orchestration ended with its own result.
/// </summary>
internal sealed class Flow : TaskOrchestration<string, string>
{
    public static TimeSpan Nap { get; } = TimeSpan.FromMinutes(5);

    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        var first = await context.ScheduleTask<string>(typeof(Greeter), input);
        await context.CreateTimer(context.CurrentUtcDateTime.Add(Nap), true);

        // A signal as Microsoft's shim sends one; the request id is the execution's, so a replay sends the same.
        var signal = ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = Counter.Id("total") },
            Guid.ParseExact(context.OrchestrationInstance.ExecutionId, "N"),
            "add",
            "1",
            scheduledTimeUtc: null);
        context.SendEvent(signal.TargetInstance, signal.EventName, signal.AsRawInput());

        var second = await context.ScheduleTask<string>(typeof(Greeter), input + " again");
        return $"{first}; {second}";
    }
}
