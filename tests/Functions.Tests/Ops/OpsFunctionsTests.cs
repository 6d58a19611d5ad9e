using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using EmergencyFlow.AzureAdapters.Tables;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Ops;

using EmergencyFlow.Application.Settings;
using EmergencyFlow.Functions.Ops;

using EmergencyFlow.Http.Security;

namespace EmergencyFlow.Functions.Tests.Ops;

/// <summary>The Functions ops adapter: the shared service's answers, with pool changes signalled to the entity.</summary>
public sealed class OpsFunctionsTests
{
    private const string Live = "+14255550123";
    private const string Free = "+14255550124";
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    private const string OpsKey = "ops-key-for-the-functions-tests-0123456789";
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddApiKeyAuthentication(webhookKey: null, OpsKey).BuildServiceProvider();

    private readonly DurableTaskClient _client = Substitute.For<DurableTaskClient>("test");
    private readonly DurableEntityClient _entities = Substitute.For<DurableEntityClient>("test");
    private readonly OpsFunctions _functions;

    public OpsFunctionsTests()
    {
        _client.Entities.Returns(_entities);
        var options = Options.Create(new EmergencyFlowOptions { SeedPoolNumbers = [Live, Free] });
        var store = new TableStore(Substitute.For<TableClient>());
        _functions = new OpsFunctions(store, store, options, new FakeTimeProvider(T0), NullLogger<OpsService>.Instance);
    }

    [Fact]
    public async Task A_pool_replacement_is_signalled_to_the_pool_entity_and_answered_202_as_queued()
    {
        PoolIs(Pool(Live));

        var response = await RunAsync(_functions.ReplacePool(Put($$"""{"numbers": ["{{Live}}", "{{Free}}"]}"""), _client));

        response.Status.ShouldBe(202);
        response.Body!["applied"]!.GetValue<bool>().ShouldBeFalse();
        await _entities.Received(1).SignalEntityAsync(PoolEntityOperations.Id, nameof(CallbackPoolEntity.ReplaceNumbers),
            Arg.Is<object?>(input => ((PoolDocument)input!).Numbers.SequenceEqual(new[] { Live, Free })), Arg.Any<SignalEntityOptions?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Removing_a_number_with_a_live_lease_is_a_409_and_no_signal_is_sent()
    {
        PoolIs(CallbackPool.Lease(Pool(Live, Free), new LeaseRequest("agent-1", "8:acs:agent-1", "l1", T0, T0.AddHours(1))).Item1);

        var response = await RunAsync(_functions.ReplacePool(Put($$"""{"numbers": ["{{Free}}"]}"""), _client));

        response.Status.ShouldBe(409);
        _entities.ReceivedCalls().Where(c => c.GetMethodInfo().Name == nameof(DurableEntityClient.SignalEntityAsync)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_manual_release_of_a_seeded_number_is_accepted_before_the_entity_ever_ran()
    {
        _entities.GetEntityAsync<PoolEntityState>(Arg.Any<EntityInstanceId>(), Arg.Any<bool>(), Arg.Any<CancellationToken>())
            .Returns((EntityMetadata<PoolEntityState>?)null);

        var response = await RunAsync(_functions.ReleaseLease(Post(), _client, "+1 425 555 0124"));

        response.Status.ShouldBe(202);
        response.Body!["changed"]!.GetValue<bool>().ShouldBeFalse();
        response.Body["reason"]!.GetValue<string>().ShouldBe("The number is not leased.");
    }

    [Fact]
    public async Task An_invalid_pool_number_is_a_400_in_azure_too()
    {
        PoolIs(Pool(Live));

        var response = await RunAsync(_functions.ReplacePool(Put("""{"numbers": ["555"]}"""), _client));

        response.Status.ShouldBe(400);
        response.Body!["problems"]!.AsArray().Single()!.GetValue<string>().ShouldStartWith("numbers[0]:");
    }

    [Fact]
    public async Task An_instance_that_is_not_an_emergency_lifecycle_is_a_404()
    {
        _client.GetInstanceAsync("emergency-purge", true, Arg.Any<CancellationToken>())
            .Returns(new OrchestrationMetadata("PurgeFinishedEmergencies", "emergency-purge"));

        var response = await RunAsync(_functions.GetEmergency(Get(), _client, "emergency-purge"));

        response.Status.ShouldBe(404);
    }

    [Fact]
    public async Task A_lifecycle_is_shown_without_actions_when_the_client_cannot_read_its_history()
    {
        _client.GetInstanceAsync("emergency-call-1", true, Arg.Any<CancellationToken>())
            .Returns(new OrchestrationMetadata(EmergencyLifecycle.Name, "emergency-call-1") { RuntimeStatus = OrchestrationRuntimeStatus.Running, CreatedAt = T0, LastUpdatedAt = T0 });
        _client.GetOrchestrationHistoryAsync("emergency-call-1", Arg.Any<CancellationToken>())
            .Returns(Task.FromException<IList<DurableTask.Core.History.HistoryEvent>>(new NotSupportedException("history streaming")));

        var response = await RunAsync(_functions.GetEmergency(Get(), _client, "emergency-call-1"));

        response.Status.ShouldBe(200);
        response.Body!["emergency"]!["runtimeStatus"]!.GetValue<string>().ShouldBe("Running");
        response.Body["actions"].ShouldBeNull();
    }

    [Fact]
    public async Task A_lifecycle_is_shown_with_the_actions_its_history_records()
    {
        _client.GetInstanceAsync("emergency-call-1", true, Arg.Any<CancellationToken>())
            .Returns(new OrchestrationMetadata(EmergencyLifecycle.Name, "emergency-call-1") { RuntimeStatus = OrchestrationRuntimeStatus.Running, CreatedAt = T0, LastUpdatedAt = T0 });
        _client.GetOrchestrationHistoryAsync("emergency-call-1", Arg.Any<CancellationToken>())
            .Returns([new DurableTask.Core.History.TaskScheduledEvent(0, "IdentifyAgent") { Timestamp = T0.UtcDateTime }]);

        var response = await RunAsync(_functions.GetEmergency(Get(), _client, "emergency-call-1"));

        response.Body!["actions"]!.AsArray().Single()!["action"]!.GetValue<string>().ShouldBe("Look the agent up in the directory");
    }

    private static CallbackPoolState Pool(params string[] numbers) => CallbackPool.AddNumbers(CallbackPoolState.Empty, numbers).Item1;

    private void PoolIs(CallbackPoolState pool) =>
        _entities.GetEntityAsync<PoolEntityState>(Arg.Is(PoolEntityOperations.Id), Arg.Is(true), Arg.Any<CancellationToken>())
            .Returns(new EntityMetadata<PoolEntityState>(PoolEntityOperations.Id, new PoolEntityState { Pool = pool, Seeded = true }));

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-wrong-key-wrong-key-wrong-key")]
    public async Task An_ops_function_without_the_ops_key_is_a_401_and_reads_nothing(string? key)
    {
        var response = await RunAsync(_functions.ListAgents(Request("GET", null, key), _client));

        response.Status.ShouldBe(401);
        _client.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_ops_key_in_the_query_string_is_never_read()
    {
        var request = Request("GET", null, key: null);
        request.QueryString = new QueryString("?code=" + OpsKey);

        var response = await RunAsync(_functions.ListAgents(request, _client));

        response.Status.ShouldBe(401);
    }

    private static HttpRequest Get() => Request("GET", null);

    private static HttpRequest Post() => Request("POST", null);

    private static HttpRequest Put(string json) => Request("PUT", json);

    private static HttpRequest Request(string method, string? json, string? key = OpsKey)
    {
        // One scope per request, as both hosts give each request (the authentication handlers are per request).
        var context = new DefaultHttpContext { RequestServices = Services.CreateScope().ServiceProvider };
        context.Request.Method = method;
        if (key is not null)
        {
            context.Request.Headers[ApiKeySchemes.OpsHeader] = key;
        }

        if (json is not null)
        {
            var body = Encoding.UTF8.GetBytes(json);
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = body.Length;
            context.Request.Body = new MemoryStream(body);
        }

        return context.Request;
    }

    [Fact]
    public async Task The_app_serves_without_a_key_the_OpenAPI_document_of_the_ops_routes_it_runs()
    {
        var response = await RunAsync(OpenApiFunction.OpsOpenApiDocument(Request("GET", null, key: null)));

        response.Status.ShouldBe(200);
        response.Body!["info"]!["title"]!.GetValue<string>().ShouldBe("EmergencyFlow ops API");
        var routes = response.Body["paths"]!.AsObject().Select(p => p.Key).ToList();
        routes.ShouldContain("/api/ops/pool");
        routes.ShouldContain("/api/ops/emergencies/{instanceId}");

        // The local host's own routes (its simulated presence, its records) are not the app's.
        routes.ShouldNotContain("/api/ops/presence");
        response.Body["components"]!["securitySchemes"]!.AsObject().Single().Value!["name"]!.GetValue<string>().ShouldBe(ApiKeySchemes.OpsHeader);
    }

    private static async Task<(int Status, JsonNode? Body)> RunAsync(Task<IResult> handler)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await (await handler).ExecuteAsync(context);
        var text = Encoding.UTF8.GetString(body.ToArray());
        return (context.Response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
