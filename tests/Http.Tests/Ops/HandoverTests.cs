using System.Text;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Domain.Lifecycle;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmergencyFlow.Http.Tests.Ops;

/// <summary>
/// The shift hand-over a supervisor prints or exports: every emergency of the period with how it ended, every alert with
/// its acknowledgement, masked like everything else, and a CSV a spreadsheet opens without running anything in it.
/// </summary>
public sealed class HandoverTests
{
    private static readonly DateTimeOffset Now = FakeOpsBackend.Now;
    private readonly FakeOpsBackend _backend = new();

    public HandoverTests()
    {
        _backend.Emergencies["emergency-a"] = new EmergencyDetail(new EmergencyView(
            "emergency-a", "Completed", LifecycleStage.Completed, null, "agent-042", "911", "US", false, "+*********23", Now.AddHours(-3), Now.AddHours(-2.9),
            CallEndSource.Dialer, Now.AddHours(-1.9), null, [AlertKind.PoolExhausted], Now.AddHours(-3), Now.AddHours(-1.9)), null, null);
        _backend.Emergencies["emergency-old"] = new EmergencyDetail(new EmergencyView(
            "emergency-old", "Completed", LifecycleStage.Completed, null, "agent-007", "112", "DK", false, null, Now.AddHours(-30), Now.AddHours(-29),
            CallEndSource.Acs, null, null, [], Now.AddHours(-30), Now.AddHours(-29)), null, null);
        _backend.Acknowledgements.Add(new AlertAcknowledgement("emergency-a/pool-exhausted", "Maria Santos", "=HYPERLINK(\"http://x\"), called +14255550199", Now.AddHours(-2)));
    }

    private OpsCalls Calls => new(_backend);

    [Fact]
    public async Task The_hand_over_lists_the_periods_emergencies_how_each_ended_and_alerts_with_who_acknowledged_them()
    {
        var result = Inner(await Calls.HandoverAsync(24, null));

        var report = result.ShouldBeOfType<Ok<HandoverReport>>().Value!;
        var emergency = report.Emergencies.ShouldHaveSingleItem();
        emergency.DialledNumber.ShouldBe("911");
        emergency.Outcome.ShouldBe(OpsWording.Stage(LifecycleStage.Completed));
        emergency.EndedBy.ShouldBe("Dialer");
        emergency.Alerts.ShouldBe(["Callback pool exhausted"]);
        var alert = report.Alerts.ShouldHaveSingleItem();
        alert.AcknowledgedBy.ShouldBe("Maria Santos");
        report.From.ShouldBe(Now.AddHours(-24));
    }

    [Fact]
    public async Task The_CSV_has_a_header_quotes_what_needs_it_defuses_formulas_and_masks_numbers()
    {
        var result = Inner(await Calls.HandoverAsync(24, "csv"));

        var file = result.ShouldBeOfType<FileContentHttpResult>();
        file.ContentType.ShouldBe("text/csv; charset=utf-8");
        file.FileDownloadName.ShouldBe("emergencyflow-handover-20261121-1900Z.csv");
        var lines = Encoding.UTF8.GetString(file.FileContents.Span).Split("\r\n");
        lines[0].ShouldBe("record,time_utc,agent,dialled_number,country,test_call,callback_number,outcome,call_ended_utc,ended_by,alert,message,acknowledged_by,acknowledged_utc,note");
        lines[1].ShouldStartWith("emergency,2026-11-21T16:00:00Z,agent-042,911,US,no,'+*********23,");
        var alertRow = lines.Single(l => l.StartsWith("alert,", StringComparison.Ordinal));
        alertRow.ShouldContain(",Maria Santos,2026-11-21T17:00:00Z,");
        alertRow.ShouldEndWith("\"'=HYPERLINK(\"\"http://x\"\"), called +*********99\"");
        string.Join("\n", lines).ShouldNotContain("14255550199");
    }

    [Fact]
    public async Task Asking_for_text_csv_gets_the_CSV()
    {
        Inner(await Calls.HandoverAsync(null, null, accept: "text/csv")).ShouldBeOfType<FileContentHttpResult>();
    }

    [Theory]
    [InlineData(0, null, "hours: between 1 and 168.")]
    [InlineData(169, null, "hours: between 1 and 168.")]
    [InlineData(24, "xlsx", "format: csv or json.")]
    public async Task A_period_or_format_out_of_range_is_a_400_naming_it(int hours, string? format, string problem)
    {
        var response = await OpsHttp.RunAsync(Calls.HandoverAsync(hours, format));

        response.Status.ShouldBe(400);
        response.Problems.ShouldBe([problem]);
    }

    private static Microsoft.AspNetCore.Http.IResult Inner(Microsoft.AspNetCore.Http.IResult result) =>
        result is Microsoft.AspNetCore.Http.INestedHttpResult nested ? nested.Result : result;
}
