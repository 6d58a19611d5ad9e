using System.Text;
using System.Text.Json;
using EmergencyFlow.Domain.Numbers;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Alerts;

using EmergencyFlow.Application.Settings;
using EmergencyFlow.Functions.Events;

namespace EmergencyFlow.Functions.Tests;

/// <summary>The Event Grid webhook function as the Functions host runs it: an HTTP request in, an executed action result out.</summary>
public sealed class EventGridFunctionsHttpTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().BuildServiceProvider();
    private readonly DurableTaskClient _client = Substitute.For<DurableTaskClient>("test");
    private readonly EventGridFunctions _functions = new(NumberPlan.Default, Options.Create(new EmergencyFlowOptions()),
        Substitute.For<ICallRedirector>(), Substitute.For<IEventStore>(), Substitute.For<IOperatorAlerts>(), TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task The_Event_Grid_subscription_validation_is_answered_with_its_code()
    {
        const string body = """
            [{
              "id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
              "topic": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.EventGrid/topics/dialer",
              "subject": "",
              "data": { "validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", "validationUrl": "https://rp-eastus2.eventgrid.azure.net/validate" },
              "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
              "eventTime": "2026-11-21T19:00:00Z",
              "metadataVersion": "1",
              "dataVersion": "2"
            }]
            """;
        var http = Request("POST", body);

        await RunAsync(http);

        http.Response.StatusCode.ShouldBe(StatusCodes.Status200OK);
        using var json = JsonDocument.Parse(ResponseBody(http));
        json.RootElement.GetProperty("validationResponse").GetString().ShouldBe("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");
        _client.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_CloudEvents_handshake_allows_the_origin_that_asks()
    {
        var http = Request("OPTIONS");
        http.Request.Headers["WebHook-Request-Origin"] = "eventgrid.azure.net";

        await RunAsync(http);

        http.Response.StatusCode.ShouldBe(StatusCodes.Status200OK);
        http.Response.Headers["WebHook-Allowed-Origin"].ToString().ShouldBe("eventgrid.azure.net");
    }

    [Fact]
    public async Task A_handshake_origin_with_a_control_character_is_refused_and_never_echoed()
    {
        var http = Request("OPTIONS");
        http.Request.Headers["WebHook-Request-Origin"] = "eventgrid.azure.net\r\nSet-Cookie: a=b";

        await RunAsync(http);

        http.Response.StatusCode.ShouldBe(StatusCodes.Status400BadRequest);
        http.Response.Headers.ContainsKey("WebHook-Allowed-Origin").ShouldBeFalse();
        using var problem = JsonDocument.Parse(ResponseBody(http));
        problem.RootElement.GetProperty("title").GetString().ShouldNotBeNull().ShouldContain("WebHook-Request-Origin");
    }

    public void Dispose() => _services.Dispose();

    private DefaultHttpContext Request(string method, string? body = null)
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        http.Request.Method = method;
        http.Request.Path = "/api/events/calls";
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            http.Request.ContentType = "application/json";
            http.Request.ContentLength = bytes.Length;
            http.Request.Body = new MemoryStream(bytes);
        }

        http.Response.Body = new MemoryStream();
        return http;
    }

    private async Task RunAsync(DefaultHttpContext http)
    {
        var result = await _functions.OnCallEvent(http.Request, _client);
        await result.ExecuteAsync(http);
    }

    private static string ResponseBody(DefaultHttpContext http) => Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
}
