using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EmergencyFlow.Infra.Tests;

/// <summary>What subscriptions.bicep asks Event Grid to do (docs/decisions/0006, 0012).</summary>
[Collection(BicepCollection.Name)]
public sealed partial class SubscriptionTests(BicepRun run, ProductionSnapshots production)
{
    private const string IncomingCall = "Microsoft.Communication.IncomingCall";

    // Event Grid: at most 25 advanced filters and 25 filter values across all filters of one subscription.
    private const int EventGridLimit = 25;

    [Fact]
    public void Incoming_calls_go_to_the_incoming_calls_webhook_and_every_other_event_to_the_calls_webhook()
    {
        var subscriptions = Subscriptions(production.Subscriptions);

        subscriptions.Count.ShouldBe(3);
        subscriptions.ShouldAllBe(s => (string?)s["properties"]!["destination"]!["endpointType"] == "WebHook");
        foreach (var subscription in subscriptions)
        {
            var route = EventTypes(subscription).Contains(IncomingCall) ? "/api/events/incoming-calls" : "/api/events/calls";
            EndpointUrl(subscription).ShouldContain($"https://{{0}}{route}',", Case.Sensitive, "the URL is the app's host and the route, nothing after it");
        }
    }

    [Fact]
    public void No_webhook_url_carries_a_key_or_a_query()
    {
        foreach (var subscription in Subscriptions(production.Subscriptions))
        {
            var url = EndpointUrl(subscription);
            url.ShouldNotContain("?");
            url.ShouldNotContain("code=");
            url.ShouldNotContain("listKeys");
        }

        var template = run.Compiled("subscriptions.bicep").ShouldNotBeNull().ToJsonString();
        template.ShouldNotContain("host/default", Case.Insensitive, "a host key opens every function, the ops API included");
        run.Compiled("subscriptions.bicep")!["outputs"].ShouldBeNull("nothing that could carry a key is output");
    }

    [Fact]
    public void Every_webhook_presents_its_own_function_key_in_a_secret_header()
    {
        foreach (var subscription in Subscriptions(production.Subscriptions))
        {
            var function = EventTypes(subscription).Contains(IncomingCall) ? "OnIncomingCall" : "OnCallEvent";

            var header = subscription["properties"]!["destination"]!["properties"]!["deliveryAttributeMappings"].ShouldNotBeNull().AsArray().ShouldHaveSingleItem()!;

            ((string?)header["name"]).ShouldBe("x-functions-key");
            ((string?)header["type"]).ShouldBe("Static");
            ((bool?)header["properties"]!["isSecret"]).ShouldBe(true);
            var key = ListKeys().Match((string)header["properties"]!["value"]!);
            key.Success.ShouldBeTrue($"the header's value is read with listKeys: {header["properties"]!["value"]}");
            key.Groups["resource"].Value.ShouldEndWith($"/Microsoft.Web/sites/func-emergencyflow-test/functions/{function}");
            key.Groups["name"].Value.ShouldBe("default");
        }
    }

    [Fact]
    public async Task A_rotated_key_name_is_read_from_both_webhook_functions()
    {
        var snapshot = await SnapshotAsync(Deployments.ForSubscriptions(("webhookKeyName", "eventgrid2")));

        var values = Subscriptions(snapshot).Select(s => (string)s["properties"]!["destination"]!["properties"]!["deliveryAttributeMappings"]![0]!["properties"]!["value"]!);

        values.ShouldAllBe(v => v.EndsWith(".eventgrid2]", StringComparison.Ordinal));
    }

    [Fact]
    public void An_incoming_call_is_delivered_at_most_twice_within_the_minute_it_rings()
    {
        var incoming = Subscriptions(production.Subscriptions).Single(s => EventTypes(s).Contains(IncomingCall));

        var retry = incoming["properties"]!["retryPolicy"]!;
        ((int)retry["maxDeliveryAttempts"]!).ShouldBe(2);
        ((int)retry["eventTimeToLiveInMinutes"]!).ShouldBe(1);
    }

    [Fact]
    public void Call_ends_bounces_and_dialer_events_are_retried_for_a_whole_day()
    {
        var others = Subscriptions(production.Subscriptions).Where(s => !EventTypes(s).Contains(IncomingCall)).ToList();

        others.Count.ShouldBe(2);
        foreach (var subscription in others)
        {
            var retry = subscription["properties"]!["retryPolicy"]!;
            ((int)retry["maxDeliveryAttempts"]!).ShouldBe(30);
            ((int)retry["eventTimeToLiveInMinutes"]!).ShouldBe(1440);
        }
    }

    [Fact]
    public void Every_subscription_stays_within_event_grid_filter_limits_with_the_most_prefixes_allowed()
    {
        foreach (var subscription in Subscriptions(production.Subscriptions))
        {
            var filters = subscription["properties"]!["filter"]!["advancedFilters"]?.AsArray() ?? [];

            filters.Count.ShouldBeLessThanOrEqualTo(EventGridLimit);
            filters.Sum(f => f!["values"]?.AsArray().Count ?? 1).ShouldBeLessThanOrEqualTo(EventGridLimit);
        }

        var incoming = Subscriptions(production.Subscriptions).Single(s => EventTypes(s).Contains(IncomingCall));
        Filter(incoming, "StringBeginsWith")["values"]!.AsArray().Count.ShouldBe(ProductionSnapshots.MostPrefixes);
    }

    [Fact]
    public void The_pool_never_reaches_the_subscriptions_however_large_it_grows()
    {
        var parameters = run.Compiled("subscriptions.bicep").ShouldNotBeNull()["parameters"]!.AsObject().Select(p => p.Key);
        var postdeploy = File.ReadAllText(Path.Combine(BicepCli.Root, "..", "..", "scripts", "azd", "postdeploy.sh"));

        parameters.ShouldNotContain(name => name.Contains("pool", StringComparison.OrdinalIgnoreCase));
        postdeploy.ShouldNotContain("POOL_NUMBERS");
    }

    [Fact]
    public async Task More_prefixes_than_event_grid_allows_are_refused_with_the_reason()
    {
        var snapshot = await SnapshotAsync(Deployments.ForSubscriptions(("callbackNumberPrefixes", Deployments.Prefixes(ProductionSnapshots.MostPrefixes + 1))));

        snapshot.Succeeded.ShouldBeFalse();
        snapshot.Messages.ShouldContain("use at most 24");
    }

    [Fact]
    public async Task A_prefix_that_is_not_an_e164_prefix_is_refused()
    {
        var snapshot = await SnapshotAsync(Deployments.ForSubscriptions(("callbackNumberPrefixes", "+1425,1425")));

        snapshot.Succeeded.ShouldBeFalse();
        snapshot.Messages.ShouldContain("must be E.164 prefixes");
    }

    [Fact]
    public async Task Without_prefixes_every_call_to_a_phone_number_reaches_the_app_and_no_pool_number_is_enumerated()
    {
        var snapshot = await SnapshotAsync(Deployments.ForSubscriptions());

        var incoming = Subscriptions(snapshot).Single(s => EventTypes(s).Contains(IncomingCall));
        var filter = incoming["properties"]!["filter"]!["advancedFilters"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)filter["operatorType"]).ShouldBe("StringIn");
        ((string?)filter["key"]).ShouldBe("data.to.kind");
        filter["values"]!.AsArray().Select(v => (string?)v).ShouldBe(["phoneNumber"]);
    }

    [Fact]
    public async Task The_incoming_call_filters_pass_a_call_to_a_covered_number_in_the_events_own_casing()
    {
        var filters = IncomingCallFilters(await SnapshotAsync(Deployments.ForSubscriptions(("callbackNumberPrefixes", "+1425,+4420"))));
        var call = SampleIncomingCall();

        // The keys are resolved case-sensitively here: they pass whether or not Event Grid ignores case.
        filters.ShouldAllBe(f => Passes(call, f));
    }

    [Fact]
    public async Task The_incoming_call_filters_stop_a_call_to_an_acs_or_teams_user_and_a_number_no_prefix_covers()
    {
        var filters = IncomingCallFilters(await SnapshotAsync(Deployments.ForSubscriptions(("callbackNumberPrefixes", "+4420"))));
        var toUser = SampleIncomingCall();
        toUser["data"]!["to"] = new JsonObject { ["kind"] = "communicationUser", ["rawId"] = "8:acs:agent", ["communicationUser"] = new JsonObject { ["id"] = "8:acs:agent" } };

        filters.All(f => Passes(toUser, f)).ShouldBeFalse("a redirect to an agent raises an IncomingCall for the agent, which must not come back");
        filters.All(f => Passes(SampleIncomingCall(), f)).ShouldBeFalse("+1425… is not under +4420");
    }

    [Fact]
    public void Undeliverable_events_are_dead_lettered_with_the_topic_identity_not_a_storage_key()
    {
        foreach (var subscription in Subscriptions(production.Subscriptions))
        {
            var properties = subscription["properties"]!;
            properties["deadLetterDestination"].ShouldBeNull();
            var deadLetter = properties["deadLetterWithResourceIdentity"].ShouldNotBeNull();
            ((string?)deadLetter["identity"]?["type"]).ShouldBe("SystemAssigned");
            ((string?)deadLetter["deadLetterDestination"]?["endpointType"]).ShouldBe("StorageBlob");
            ((string?)deadLetter["deadLetterDestination"]?["properties"]?["blobContainerName"]).ShouldBe("deadletter");
        }
    }

    private static Task<Snapshot> SnapshotAsync(Dictionary<string, object> parameters) =>
        BicepSnapshot.RunAsync("subscriptions.bicep", parameters);

    private static List<JsonObject> Subscriptions(Snapshot snapshot) =>
        [.. snapshot.Resources.Where(r => ((string?)r["type"])?.EndsWith("/eventSubscriptions", StringComparison.Ordinal) == true)];

    private static List<JsonObject> IncomingCallFilters(Snapshot snapshot) =>
        [.. Subscriptions(snapshot).Single(s => EventTypes(s).Contains(IncomingCall))["properties"]!["filter"]!["advancedFilters"]!.AsArray().Select(f => f!.AsObject())];

    private static JsonNode Filter(JsonObject subscription, string operatorType) =>
        subscription["properties"]!["filter"]!["advancedFilters"]!.AsArray().Single(f => (string?)f!["operatorType"] == operatorType)!;

    private static string EndpointUrl(JsonObject subscription) =>
        (string)subscription["properties"]!["destination"]!["properties"]!["endpointUrl"]!;

    private static HashSet<string> EventTypes(JsonNode subscription) =>
        [.. subscription["properties"]!["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string)t!)];

    // The IncomingCall the samples (and ACS's schema) describe, Event Grid schema.
    private static JsonObject SampleIncomingCall()
    {
        var path = Path.Combine(BicepCli.Root, "..", "..", "samples", "events", "eventgrid", "incoming-call.json");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray().ShouldHaveSingleItem()!.AsObject();
    }

    // Event Grid's string operators compare values without case; the key is looked up as written.
    private static bool Passes(JsonObject gridEvent, JsonObject filter)
    {
        JsonNode? node = gridEvent;
        foreach (var segment in ((string)filter["key"]!).Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        var value = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var values = filter["values"]!.AsArray().Select(x => (string)x!);
        return (string)filter["operatorType"]! switch
        {
            "StringIn" => value is not null && values.Any(x => string.Equals(x, value, StringComparison.OrdinalIgnoreCase)),
            "StringBeginsWith" => value is not null && values.Any(x => value.StartsWith(x, StringComparison.OrdinalIgnoreCase)),
            var other => throw new InvalidOperationException($"No evaluation for {other}."),
        };
    }

    [GeneratedRegex(@"^\[listKeys\('(?<resource>[^']+)', '[^']+'\)\.(?<name>\w+)\]$")]
    private static partial Regex ListKeys();
}
