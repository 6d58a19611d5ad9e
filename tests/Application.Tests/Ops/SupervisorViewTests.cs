using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Application.Ops;

namespace EmergencyFlow.Application.Tests.Ops;

/// <summary>The supervisor read model both hosts build: what a supervisor sees, from plain data.</summary>
public class SupervisorViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    private const string PoolNumber = "+14255550123";

    private static EmergencyView Emergency(string id, string runtime, LifecycleStage stage, params AlertKind[] alerts) => EmergencyView.From(
        id, runtime,
        new LifecycleStatus(stage, "agent-042", "911", "US", false, T0, "+*********23", T0.AddHours(5), null, null, NotificationStatus.Sent, alerts),
        T0, T0.AddMinutes(1));

    private static CallbackPoolState LeasedPool()
    {
        var (pool, _) = CallbackPool.AddNumbers(CallbackPoolState.Empty, [PoolNumber, "+14255550124"]);
        var (leased, _) = CallbackPool.Lease(pool, new LeaseRequest("agent-042", "8:acs:x", "emergency-1", T0, T0.AddHours(5)));
        return leased;
    }

    private static SupervisorView Build(DateTimeOffset now, IEnumerable<EmergencyView> emergencies, IEnumerable<RaisedAlert>? alerts = null, IEnumerable<RoutedCall>? routed = null) =>
        SupervisorView.Build(now, emergencies, LeasedPool(), alerts ?? [], routed ?? [], id => id == "agent-042" ? "Ana Lima" : null);

    [Fact]
    public void Polling_an_unchanged_view_later_gives_the_same_etag()
    {
        var emergencies = new[] { Emergency("emergency-1", "Running", LifecycleStage.WaitingForCallEnd) };

        var now = Build(T0, emergencies);
        var later = Build(T0.AddSeconds(30), emergencies);

        later.ETag().ShouldBe(now.ETag());
        SupervisorView.Matches(now.ETag(), later.ETag()).ShouldBeTrue();
    }

    [Fact]
    public void A_routed_callback_changes_the_etag_and_shows_under_its_lease_with_the_agent_name()
    {
        var emergencies = new[] { Emergency("emergency-1", "Running", LifecycleStage.WaitingForCallEnd) };
        var before = Build(T0.AddMinutes(5), emergencies);

        var after = Build(T0.AddMinutes(5), emergencies, routed: [new RoutedCall(T0.AddMinutes(4), "+*********23", "agent-042")]);

        after.ETag().ShouldNotBe(before.ETag());
        var lease = after.Leases.ShouldHaveSingleItem();
        lease.Number.ShouldBe("+*********23");
        lease.Callbacks.ShouldHaveSingleItem().Text.ShouldBe("Callback to +*********23 rang Ana Lima directly");
        lease.CallInProgress.ShouldBeTrue();
        after.Pool.ShouldBe(new SupervisorPool(1, 1, 2));
    }

    [Fact]
    public void An_alert_in_the_status_and_in_the_record_is_shown_once_with_what_to_do()
    {
        var emergencies = new[] { Emergency("emergency-1", "Running", LifecycleStage.WaitingForCallEnd, AlertKind.PoolExhausted) };

        var view = Build(T0, emergencies, [new RaisedAlert("emergency-1", AlertKind.PoolExhausted, "No free callback number.", T0)]);

        var alert = view.Alerts.ShouldHaveSingleItem();
        alert.Title.ShouldBe("Callback pool exhausted");
        alert.AgentName.ShouldBe("Ana Lima");
        alert.Action.ShouldStartWith("Add callback numbers");
        alert.Docs.ShouldBe("supervisor/runbook.html#alert-pool-exhausted");
        view.Active.ShouldHaveSingleItem().Steps[1].ShouldBe(new SupervisorStep("No callback number: pool exhausted", "problem"));
    }

    [Fact]
    public void A_failed_lifecycle_is_an_alert_and_is_listed_as_finished()
    {
        var view = Build(T0, [Emergency("emergency-1", "Failed", LifecycleStage.ContactsNotified)]);

        view.Active.ShouldBeEmpty();
        view.Finished.ShouldHaveSingleItem().StageText.ShouldBe("Failed at: Contacts notified");
        var alert = view.Alerts.ShouldHaveSingleItem();
        alert.Kind.ShouldBe(AlertGuidance.LifecycleFailedKind);
        alert.Message.ShouldContain("Ana Lima");
    }

    [Fact]
    public void Alerts_without_a_lifecycle_leave_the_page_after_a_day()
    {
        var bounce = new RaisedAlert(null, AlertKind.NotificationNotDelivered, "The emergency notification to j***@contoso.com was Bounced.", T0);

        Build(T0.AddHours(1), [], [bounce]).Alerts.ShouldHaveSingleItem().InstanceId.ShouldBeNull();
        Build(T0.AddHours(25), [], [bounce]).Alerts.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Step", "SetDoNotDisturb", "Set Do Not Disturb")]
    [InlineData("Pool", "Lease", "Lease a callback number")]
    [InlineData("Pool", "Release", "Release the callback number")]
    [InlineData("Timer", "2026-11-21 20:12 UTC", "Durable timer until 2026-11-21 20:12 UTC")]
    [InlineData("Event", "CallEnded", "Call end received")]
    [InlineData("Step", "SomethingNew", "Something new")]
    public void Durable_actions_read_as_words(string kind, string name, string words) =>
        OpsWording.Action(kind, name).ShouldBe(words);

    [Fact]
    public void Timestamps_are_written_in_UTC_with_Z()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { at = new DateTimeOffset(2026, 11, 21, 20, 0, 0, TimeSpan.FromHours(1)) }, OpsJson.Options);

        json.ShouldBe("""{"at":"2026-11-21T19:00:00Z"}""");
    }
}
