using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using EmergencyFlow.Http.Webhook;

using EmergencyFlow.Functions.Lifecycle;

namespace EmergencyFlow.Functions.Tests;

/// <summary>
/// The Functions app's build output as the Functions host reads it: functions.metadata (what the host
/// indexes and binds) and extensions.json (which host extensions it loads). The test project's build copies
/// both from the app's output folder into FunctionsApp/.
/// </summary>
public sealed class FunctionsAppOutputTests
{
    private static readonly string AppOutput = Path.Combine(AppContext.BaseDirectory, "FunctionsApp");

    [Theory]
    [InlineData("OnCallEvent", "httpTrigger")]
    [InlineData("OnIncomingCall", "httpTrigger")]
    [InlineData("EmergencyLifecycle", "orchestrationTrigger")]
    [InlineData("SetDoNotDisturb", "activityTrigger")]
    [InlineData("RestorePresence", "activityTrigger")]
    [InlineData("SendNotification", "activityTrigger")]
    [InlineData("AlertOperators", "activityTrigger")]
    [InlineData("CallbackPool", "entityTrigger")]
    [InlineData("PurgeFinishedEmergencies", "timerTrigger")]
    [InlineData("OpsListEmergencies", "httpTrigger")]
    [InlineData("OpsGetEmergency", "httpTrigger")]
    [InlineData("OpsListLeases", "httpTrigger")]
    [InlineData("OpsReleaseLease", "httpTrigger")]
    [InlineData("OpsGetPool", "httpTrigger")]
    [InlineData("OpsReplacePool", "httpTrigger")]
    [InlineData("OpsListAgents", "httpTrigger")]
    [InlineData("OpsGetAgent", "httpTrigger")]
    [InlineData("OpsPutAgent", "httpTrigger")]
    [InlineData("OpsDeleteAgent", "httpTrigger")]
    [InlineData("OpsGetContacts", "httpTrigger")]
    [InlineData("OpsPutContacts", "httpTrigger")]
    [InlineData("OpsGetTemplate", "httpTrigger")]
    [InlineData("OpsPutTemplate", "httpTrigger")]
    public void The_function_is_listed_in_the_metadata_with_its_trigger(string function, string trigger) =>
        ListedTriggers().ShouldContainKeyAndValue(function, trigger);

    [Fact]
    public void The_metadata_lists_exactly_the_functions_the_code_declares_each_with_its_trigger()
    {
        var declared = typeof(EmergencyFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name, TriggerOf);

        declared.ShouldNotBeEmpty();
        ListedTriggers().ShouldBe(declared, ignoreOrder: true);
    }

    [Theory]
    [InlineData("OnCallEvent", EventGridWebhook.Routes.CallEvents)]
    [InlineData("OnIncomingCall", EventGridWebhook.Routes.IncomingCalls)]
    public void The_Event_Grid_webhooks_accept_deliveries_and_the_CloudEvents_handshake_on_their_routes_behind_a_function_key(string function, string route)
    {
        var trigger = Metadata().EnumerateArray()
            .Single(f => f.GetProperty("name").GetString() == function)
            .GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("type").GetString() == "httpTrigger");

        trigger.GetProperty("route").GetString().ShouldBe(route);
        trigger.GetProperty("authLevel").GetString().ShouldBe("Function");
        trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ShouldBe(new[] { "post", "options" }, ignoreOrder: true);
    }

    [Fact]
    public void The_extensions_manifest_loads_the_Durable_Task_extension()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppOutput, "extensions.json")));

        var durable = manifest.RootElement.GetProperty("extensions").EnumerateArray()
            .SingleOrDefault(e => e.GetProperty("name").GetString() == "DurableTask");

        durable.ValueKind.ShouldBe(JsonValueKind.Object, "extensions.json does not list the DurableTask extension");
        durable.GetProperty("typeName").GetString().ShouldNotBeNull().ShouldStartWith("Microsoft.Azure.WebJobs.Extensions.DurableTask.");
    }

    private static string TriggerOf(MethodInfo method)
    {
        var attribute = method.GetParameters()
            .SelectMany(p => p.GetCustomAttributes<TriggerBindingAttribute>())
            .Single();
        var name = attribute.GetType().Name;
        return char.ToLowerInvariant(name[0]) + name[1..^"Attribute".Length];
    }

    private static Dictionary<string, string> ListedTriggers() =>
        Metadata().EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray()
                .Select(b => b.GetProperty("type").GetString()!)
                .Single(t => t.EndsWith("Trigger", StringComparison.Ordinal)));

    private static JsonElement Metadata()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppOutput, "functions.metadata")));
        return document.RootElement.Clone();
    }
}
