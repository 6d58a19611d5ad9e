using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EmergencyFlow.Infra.Tests;

/// <summary>What the compiled subscriptions.bicep asks Event Grid to do (docs/decisions/0006).</summary>
[Collection(BicepCollection.Name)]
public sealed partial class SubscriptionTests(BicepRun run)
{
    private const string IncomingCall = "Microsoft.Communication.IncomingCall";

    [Fact]
    public void Incoming_calls_go_to_the_incoming_calls_webhook_and_every_other_event_to_the_calls_webhook()
    {
        var subscriptions = Subscriptions();

        subscriptions.Count.ShouldBe(3);
        subscriptions.ShouldAllBe(s => (string?)s["properties"]!["destination"]!["endpointType"] == "WebHook");
        foreach (var subscription in subscriptions)
        {
            var route = EventTypes(subscription).Contains(IncomingCall) ? "/api/events/incoming-calls?" : "/api/events/calls?";
            var url = (string?)subscription["properties"]!["destination"]!["properties"]!["endpointUrl"];
            url.ShouldNotBeNull().ShouldContain(route);
        }
    }

    [Fact]
    public void Every_webhook_url_carries_the_function_key_read_from_the_app_at_deployment()
    {
        foreach (var subscription in Subscriptions())
        {
            var url = (string)subscription["properties"]!["destination"]!["properties"]!["endpointUrl"]!;
            url.ShouldContain("code=");
            url.ShouldContain("listKeys(");
        }

        run.Compiled("subscriptions.bicep")!["outputs"].ShouldBeNull("nothing that could carry the key is output");
    }

    [Fact]
    public void An_incoming_call_is_delivered_at_most_twice_within_the_minute_it_rings()
    {
        var incoming = Subscriptions().Single(s => EventTypes(s).Contains(IncomingCall));

        var retry = incoming["properties"]!["retryPolicy"]!;
        ((int)retry["maxDeliveryAttempts"]!).ShouldBe(2);
        ((int)retry["eventTimeToLiveInMinutes"]!).ShouldBe(1);
    }

    [Fact]
    public void Only_calls_to_pool_numbers_reach_the_incoming_calls_webhook()
    {
        var incoming = Subscriptions().Single(s => EventTypes(s).Contains(IncomingCall));

        var filter = incoming["properties"]!["filter"]!["advancedFilters"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)filter["operatorType"]).ShouldBe("StringIn");
        ((string?)filter["key"]).ShouldBe("data.to.PhoneNumber.Value");
    }

    [Fact]
    public void Undeliverable_events_are_dead_lettered_with_the_topic_identity_not_a_storage_key()
    {
        foreach (var subscription in Subscriptions())
        {
            var properties = subscription["properties"]!;
            properties["deadLetterDestination"].ShouldBeNull();
            var deadLetter = Resolve(properties["deadLetterWithResourceIdentity"].ShouldNotBeNull());
            ((string?)deadLetter["identity"]?["type"]).ShouldBe("SystemAssigned");
            ((string?)deadLetter["deadLetterDestination"]?["endpointType"]).ShouldBe("StorageBlob");
        }
    }

    private List<JsonNode> Subscriptions()
    {
        var resources = run.Compiled("subscriptions.bicep").ShouldNotBeNull()["resources"].ShouldNotBeNull();
        // Templates with symbolic names (language version 2.0) keep resources in an object.
        var all = resources is JsonObject byName ? byName.Select(r => r.Value!) : resources.AsArray().Select(r => r!);
        return [.. all.Where(r => ((string?)r["type"])?.EndsWith("/eventSubscriptions", StringComparison.Ordinal) == true && r["existing"] is null)];
    }

    // The template shares one dead-letter object through a variable: "[variables('deadLetter')]".
    private JsonNode Resolve(JsonNode value)
    {
        if (value is JsonValue && VariableReference().Match((string)value!) is { Success: true } variable)
        {
            return run.Compiled("subscriptions.bicep")!["variables"]![variable.Groups["name"].Value].ShouldNotBeNull();
        }

        return value;
    }

    [GeneratedRegex(@"^\[variables\('(?<name>\w+)'\)\]$")]
    private static partial Regex VariableReference();

    private static HashSet<string> EventTypes(JsonNode subscription) =>
        [.. subscription["properties"]!["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string)t!)];
}
