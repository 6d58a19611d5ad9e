using System.Reflection;
using Microsoft.DurableTask;
using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Functions.Lifecycle;
using Microsoft.Azure.Functions.Worker;

namespace EmergencyFlow.Functions.Tests;

/// <summary>The Functions app serves exactly the durable names the local engine registers: one table, two hosts.</summary>
public class DurableFunctionNamesTests
{
    [Fact]
    public void Every_durable_function_is_a_name_of_the_shared_registry_and_every_registered_name_is_a_function()
    {
        var durableTriggers = new[] { typeof(OrchestrationTriggerAttribute), typeof(ActivityTriggerAttribute), typeof(EntityTriggerAttribute) };
        var functions = typeof(EmergencyFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttributes().Any(a => durableTriggers.Contains(a.GetType()))))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name)
            .Order(StringComparer.Ordinal);

        functions.ShouldBe(LifecycleDurableTasks.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_registry_registers_every_name_it_lists()
    {
        var registry = LifecycleDurableTasks.Register(new DurableTaskRegistry());
        var registered = registry.GetOrchestrators().Select(r => r.Key.Name)
            .Concat(registry.GetActivities().Select(r => r.Key.Name))
            .Concat(registry.GetEntities().Select(r => r.Key.Name));

        registered.Order(StringComparer.Ordinal).ShouldBe(LifecycleDurableTasks.Names.Order(StringComparer.Ordinal));
    }
}
