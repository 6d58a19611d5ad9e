using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace EmergencyFlow.Engine.Tests.Support;

// Test-only durabletask-dotnet code: written as the product writes its orchestrator, activities and
// pool entity, registered on a DurableTaskRegistry exactly as a host would.

/// <summary>Calls one activity per step and returns what they answered.</summary>
public sealed class StepsOrchestrator : TaskOrchestrator<string, List<string>>
{
    public override async Task<List<string>> RunAsync(TaskOrchestrationContext context, string input)
    {
        var answers = new List<string>();
        for (var step = 1; step <= 3; step++)
        {
            answers.Add(await context.CallActivityAsync<string>(TestTasks.Echo, $"{input}-{step}"));
            context.SetCustomStatus(new { step });
        }

        return answers;
    }
}

/// <summary>An activity that fails on its first attempt, retried by policy.</summary>
public sealed class RetryingOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(
            TestTasks.FailsOnce,
            context.InstanceId,
            TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1))));
}

/// <summary>Waits for the approval event, optionally after an activity the test holds.</summary>
public sealed class ApprovalOrchestrator : TaskOrchestrator<ApprovalRequest, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, ApprovalRequest input)
    {
        if (input.HoldFirst)
        {
            await context.CallActivityAsync(TestTasks.Held, context.InstanceId);
        }

        var approval = await context.WaitForExternalEvent<string>(TestTasks.ApprovalEvent);
        return $"{input.Subject} approved by {approval}";
    }
}

public sealed record ApprovalRequest(string Subject, bool HoldFirst = false);

/// <summary>Sleeps on a durable timer; reports the times the orchestration saw around it.</summary>
public sealed class SleepingOrchestrator : TaskOrchestrator<TimeSpan, SleepReport>
{
    public override async Task<SleepReport> RunAsync(TaskOrchestrationContext context, TimeSpan input)
    {
        var before = context.CurrentUtcDateTime;
        var fireAt = before + input;
        await context.CreateTimer(fireAt, CancellationToken.None);
        return new SleepReport(before, fireAt, context.CurrentUtcDateTime);
    }
}

public sealed record SleepReport(DateTime Before, DateTime FireAt, DateTime After);

/// <summary>Reports the orchestration's clock before and after an activity.</summary>
public sealed class ClockOrchestrator : TaskOrchestrator<string, DateTime[]>
{
    public override async Task<DateTime[]> RunAsync(TaskOrchestrationContext context, string input)
    {
        var before = context.CurrentUtcDateTime;
        await context.CallActivityAsync<string>(TestTasks.Echo, input);
        return [before, context.CurrentUtcDateTime];
    }
}

/// <summary>Adds to a counter entity by call, and signals it once more.</summary>
public sealed class CountingOrchestrator : TaskOrchestrator<CountRequest, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, CountRequest input)
    {
        var counter = new EntityInstanceId(nameof(Counter), input.CounterKey);
        var total = await context.Entities.CallEntityAsync<int>(counter, nameof(Counter.Add), input.Amount);
        await context.Entities.SignalEntityAsync(counter, nameof(Counter.Add), input.Amount);
        return total;
    }
}

public sealed record CountRequest(string CounterKey, int Amount);

/// <summary>A counter: the entity a test calls from an orchestration and signals from the client.</summary>
public sealed class Counter : TaskEntity<int>
{
    public int Add(int amount) => State += amount;

    public int Get() => State;

    public void Reset() => State = 0;
}

/// <summary>Uses a scoped service, so a test can see which scope each invocation ran in.</summary>
public sealed class ScopedWorkOrchestrator : TaskOrchestrator<string, Guid[]>
{
    public override async Task<Guid[]> RunAsync(TaskOrchestrationContext context, string input) =>
    [
        await context.CallActivityAsync<Guid>(TestTasks.WhichScope),
        await context.CallActivityAsync<Guid>(TestTasks.WhichScope),
    ];
}

/// <summary>A scoped dependency that records when its scope ends.</summary>
public sealed class ScopedDependency(TestProbe probe) : IDisposable
{
    public Guid Id { get; } = Guid.NewGuid();

    public void Dispose() => probe.Disposed.Add(Id);
}

/// <summary>What the test tasks share with the test that runs them.</summary>
public sealed class TestProbe
{
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    public ConcurrentDictionary<string, TaskCompletionSource> Holds { get; } = new();

    public ConcurrentBag<Guid> Disposed { get; } = [];

    public TaskCompletionSource Hold(string instanceId) =>
        Holds.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

public static class TestTasks
{
    public const string Echo = nameof(Echo);
    public const string FailsOnce = nameof(FailsOnce);
    public const string Held = nameof(Held);
    public const string WhichScope = nameof(WhichScope);
    public const string ApprovalEvent = "Approval";

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddOrchestrator<StepsOrchestrator>()
            .AddOrchestrator<RetryingOrchestrator>()
            .AddOrchestrator<ApprovalOrchestrator>()
            .AddOrchestrator<SleepingOrchestrator>()
            .AddOrchestrator<ClockOrchestrator>()
            .AddOrchestrator<CountingOrchestrator>()
            .AddOrchestrator<ScopedWorkOrchestrator>()
            .AddEntity<Counter>()
            .AddActivityFunc<string, string>(Echo, (_, input) => input.ToUpperInvariant())
            .AddActivity(FailsOnce, services => new FailsOnceActivity(services.GetRequiredService<TestProbe>()))
            .AddActivity(Held, services => new HeldActivity(services.GetRequiredService<TestProbe>()))
            .AddActivity(WhichScope, services => new WhichScopeActivity(services.GetRequiredService<ScopedDependency>()));
    }

    private static T GetRequiredService<T>(this IServiceProvider services)
        where T : notnull =>
        (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered."));

    private sealed class FailsOnceActivity(TestProbe probe) : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input)
        {
            var attempt = probe.Attempts.AddOrUpdate(input, 1, (_, count) => count + 1);
            return attempt == 1
                ? throw new InvalidOperationException("The first attempt fails.")
                : Task.FromResult($"succeeded on attempt {attempt}");
        }
    }

    private sealed class HeldActivity(TestProbe probe) : TaskActivity<string, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, string input)
        {
            await probe.Hold(input).Task;
            return true;
        }
    }

    private sealed class WhichScopeActivity(ScopedDependency dependency) : TaskActivity<object?, Guid>
    {
        public override Task<Guid> RunAsync(TaskActivityContext context, object? input) => Task.FromResult(dependency.Id);
    }
}
