using EmergencyFlow.Application.Ops;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Http.Tests.Ops;

/// <summary>
/// A supervisor acknowledges an alert from the page or the ops API: the only write a supervisor makes, durable and audited,
/// recorded once (the first acknowledgement stands), refused clearly when the body is wrong.
/// </summary>
public sealed class AlertAcknowledgementTests
{
    private static readonly RaisedAlert Exhausted = new("emergency-call-1", AlertKind.PoolExhausted, "No callback number was free.", FakeOpsBackend.Now.AddMinutes(-3));
    private static readonly string ExhaustedId = $"emergency-call-1/pool-exhausted/{Exhausted.RaisedAt.UtcTicks}";

    private readonly FakeOpsBackend _backend = new();

    public AlertAcknowledgementTests() => _backend.Alerts.Add(Exhausted);

    private OpsCalls Calls => new(_backend);

    [Fact]
    public async Task An_acknowledged_alert_leaves_the_red_list_for_the_history_with_who_when_and_the_note()
    {
        var response = await OpsHttp.RunAsync(Calls.AcknowledgeAlertAsync(OpsHttp.Json($$"""{"alertId": "{{ExhaustedId}}", "by": "Maria Santos", "note": "Called the PSAP, gave the main number."}""")));

        response.Status.ShouldBe(201);
        response.Body!["by"]!.GetValue<string>().ShouldBe("Maria Santos");
        var history = await OpsHttp.RunAsync(Calls.ListAcknowledgementsAsync());
        var entry = history.Body!.AsArray().ShouldHaveSingleItem()!;
        entry["id"]!.GetValue<string>().ShouldBe(ExhaustedId);
        entry["title"]!.GetValue<string>().ShouldBe("Callback pool exhausted");
        entry["note"]!.GetValue<string>().ShouldBe("Called the PSAP, gave the main number.");
        entry["acknowledgedAt"]!.GetValue<DateTimeOffset>().ShouldBe(FakeOpsBackend.Now);
        var view = await new OpsService(_backend, Microsoft.Extensions.Logging.Abstractions.NullLogger<OpsService>.Instance).SupervisorViewAsync(CancellationToken.None);
        view.Alerts.ShouldNotContain(a => a.Id == ExhaustedId);
    }

    [Fact]
    public async Task A_second_acknowledgement_answers_the_first_which_stands()
    {
        await OpsHttp.RunAsync(Calls.AcknowledgeAlertAsync(OpsHttp.Json($$"""{"alertId": "{{ExhaustedId}}", "by": "Maria Santos", "note": "first"}""")));

        var again = await OpsHttp.RunAsync(Calls.AcknowledgeAlertAsync(OpsHttp.Json($$"""{"alertId": "{{ExhaustedId}}", "by": "Tom Berg", "note": "second"}""")));

        again.Status.ShouldBe(200);
        again.Body!["by"]!.GetValue<string>().ShouldBe("Maria Santos");
        again.Body["note"]!.GetValue<string>().ShouldBe("first");
        _backend.Acknowledgements.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task An_alert_that_is_not_on_the_view_is_a_404_and_nothing_is_recorded()
    {
        var response = await OpsHttp.RunAsync(Calls.AcknowledgeAlertAsync(OpsHttp.Json("""{"alertId": "emergency-x/pool-exhausted/1", "by": "Maria"}""")));

        response.Status.ShouldBe(404);
        response.IsProblem.ShouldBeTrue();
        _backend.Acknowledgements.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"alertId": "a/b", "note": "x"}""", "by: required")]
    [InlineData("""{"alertId": "a/b", "by": "   "}""", "by: required")]
    [InlineData("""{"alertId": "a/b", "by": "Maria\nINFO forged line"}""", "by: at most 100 characters, on one line")]
    [InlineData("""{"alertId": "a/b", "by": "Maria", "note": "ok\u001b[31m"}""", "note: at most 2000 characters, no control characters")]
    [InlineData("""{"by": "Maria"}""", "alertId: required")]
    [InlineData("""{"alertId": "a b <script>", "by": "Maria"}""", "alertId: required")]
    public async Task A_body_that_could_forge_a_log_line_or_misses_a_field_is_a_400_naming_the_field(string body, string problem)
    {
        var response = await OpsHttp.RunAsync(Calls.AcknowledgeAlertAsync(OpsHttp.Json(body)));

        response.Status.ShouldBe(400);
        response.Problems.ShouldContain(p => p.StartsWith(problem, StringComparison.Ordinal));
        _backend.Acknowledgements.ShouldBeEmpty();
    }
}
