using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Lifecycle.Tests.Support;
using Microsoft.DurableTask.Client;
using static EmergencyFlow.Lifecycle.Tests.Support.LifecycleHarness;

namespace EmergencyFlow.Lifecycle.Tests;

/// <summary>The emergency lifecycle end to end on Microsoft's engine: what the agent, the contacts, the pool and operators see.</summary>
public class EmergencyLifecycleTests
{
    private static readonly PresenceSnapshot Available = new("Available", "Available");

    [Fact]
    public async Task An_emergency_call_sets_DND_leases_a_number_and_emails_the_contacts_before_the_call_ends()
    {
        await using var h = await LifecycleHarness.StartAsync();

        await h.PlaceAsync(Call());

        h.Presence.Current["agent-1"].ShouldBe(PresenceSnapshot.DoNotDisturb);
        var pool = await h.PoolAsync();
        CallbackPool.Route(pool, PoolNumber1, T0.AddMinutes(5)).AgentId.ShouldBe("agent-1");
        var email = h.Email.Delivered.Values.ShouldHaveSingleItem();
        email.Recipients.ShouldBe(["ops@contoso.com", "family@contoso.com"]);
        email.Content.PlainText.ShouldContain(PoolNumber1);
        var status = await h.StatusAsync();
        status.Stage.ShouldBe(LifecycleStage.WaitingForCallEnd);
        status.CallbackNumberMasked.ShouldBe("+*********01");
    }

    [Fact]
    public async Task Do_Not_Disturb_is_asked_to_hold_until_the_call_end_deadline_not_for_a_presence_systems_default()
    {
        await using var h = await LifecycleHarness.StartAsync();

        await h.PlaceAsync(Call());

        h.Presence.Holds.ShouldHaveSingleItem().ShouldBe(h.Settings.CallEndDeadline);
    }

    [Fact]
    public async Task After_the_call_presence_is_restored_and_the_number_is_released_when_the_window_counted_from_the_end_passes()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.PlaceAsync(Call());
        await h.AdvanceToAsync(T0.AddMinutes(12));

        await h.EndAsync("call-1", T0.AddMinutes(12));

        h.Presence.Current["agent-1"].ShouldBe(Available);
        (await h.StatusAsync()).Stage.ShouldBe(LifecycleStage.CallbackWindowOpen);
        (await h.StatusAsync()).LeaseExpiresAt.ShouldBe(T0.AddMinutes(72));
        await h.AdvanceToAsync(T0.AddMinutes(71));
        CallbackPool.Route(await h.PoolAsync(), PoolNumber1, h.Clock.GetUtcNow()).Kind.ShouldBe(RouteKind.RingAgent);

        await h.AdvanceToAsync(T0.AddMinutes(72));

        var outcome = await h.OutcomeAsync();
        outcome.FinalStatus.Stage.ShouldBe(LifecycleStage.Completed);
        outcome.FinalStatus.Alerts.ShouldBeEmpty();
        (await h.PoolAsync()).Numbers.ShouldAllBe(n => n.Lease == null);
    }

    [Fact]
    public async Task The_normal_path_takes_nine_durable_actions()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.PlaceAsync(Call());
        await h.EndAsync("call-1", T0.AddMinutes(12));
        await h.AdvanceToAsync(T0.AddMinutes(80));

        var actions = await h.ActionsAsync();

        actions.Where(a => a != "Timer").ShouldBe([
            "IdentifyAgent", "SetDoNotDisturb", "Lease", "SendNotification", "RestorePresence", "Extend", "Release"]);
        actions.Count.ShouldBeLessThanOrEqualTo(10);
    }

    [Fact]
    public async Task Pool_exhaustion_does_not_stop_the_lifecycle_the_email_says_so_and_operators_are_alerted()
    {
        await using var h = await LifecycleHarness.StartAsync(null, PoolNumber1);
        await h.PlaceAsync(Call(agent: "agent-9", callId: "other-call"));

        await h.PlaceAsync(Call());

        h.Presence.Current["agent-1"].ShouldBe(PresenceSnapshot.DoNotDisturb);
        h.Email.Delivered.Values.Single(m => m.IdempotencyKey.Contains("call-1", StringComparison.Ordinal))
            .Content.PlainText.ShouldContain("no dedicated callback number was available");
        h.Alerts.Raised.Values.ShouldContain(a => a.Kind == AlertKind.PoolExhausted);
        var status = await h.StatusAsync();
        status.CallbackNumberMasked.ShouldBeNull();
        status.Alerts.ShouldContain(AlertKind.PoolExhausted);

        await h.EndAsync("call-1", T0.AddMinutes(5));
        (await h.OutcomeAsync()).FinalStatus.Stage.ShouldBe(LifecycleStage.Completed);
    }

    [Fact]
    public async Task A_repeat_emergency_call_reuses_the_number_and_the_first_lifecycles_release_does_not_end_it()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.PlaceAsync(Call());
        await h.EndAsync("call-1", T0.AddMinutes(10));
        await h.AdvanceToAsync(T0.AddMinutes(40));
        await h.PlaceAsync(Call(callId: "call-2", at: T0.AddMinutes(40)));
        h.Email.Delivered.Values.Last().Content.PlainText.ShouldContain(PoolNumber1);

        await h.AdvanceToAsync(T0.AddMinutes(70));
        (await h.OutcomeAsync("call-1")).FinalStatus.Stage.ShouldBe(LifecycleStage.Completed);

        CallbackPool.Route(await h.PoolAsync(), PoolNumber1, h.Clock.GetUtcNow()).AgentId.ShouldBe("agent-1");
        await h.EndAsync("call-2", T0.AddMinutes(75));
        await h.AdvanceToAsync(T0.AddMinutes(135));
        CallbackPool.Route(await h.PoolAsync(), PoolNumber1, h.Clock.GetUtcNow()).Kind.ShouldBe(RouteKind.Fallback);
        (await h.OutcomeAsync("call-2")).CallbackNumber.ShouldBe(PoolNumber1);
    }

    [Fact]
    public async Task When_the_call_end_never_arrives_the_deadline_restores_presence_and_alerts()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.PlaceAsync(Call());

        await h.AdvanceToAsync(T0.AddHours(4));

        h.Presence.Current["agent-1"].ShouldBe(Available);
        h.Alerts.Raised.Values.ShouldContain(a => a.Kind == AlertKind.CallEndMissing);
        (await h.StatusAsync()).EndedBy.ShouldBe(CallEndSource.Deadline);
        await h.AdvanceToAsync(T0.AddHours(5));
        (await h.OutcomeAsync()).FinalStatus.Stage.ShouldBe(LifecycleStage.Completed);
    }

    [Fact]
    public async Task The_call_end_deadline_is_configurable()
    {
        await using var h = await LifecycleHarness.StartAsync(LifecycleSettings.Default with { CallEndDeadline = TimeSpan.FromMinutes(30) });
        await h.PlaceAsync(Call());

        await h.AdvanceToAsync(T0.AddMinutes(30));

        h.Alerts.Raised.Values.ShouldContain(a => a.Kind == AlertKind.CallEndMissing);
    }

    [Fact]
    public async Task A_call_that_ended_before_the_lifecycle_saw_its_start_still_leases_and_notifies_but_sets_no_DND()
    {
        await using var h = await LifecycleHarness.StartAsync();
        var call = Call();

        var ended = await h.EndAsync("call-1", T0.AddMinutes(3), CallEndSource.Dialer, details: call);

        ended.Outcome.ShouldBe(EventOutcome.StartedAfterEnd);
        h.Presence.Current.ShouldNotContainKey("agent-1");
        h.Email.Delivered.ShouldHaveSingleItem();
        (await h.StatusAsync()).LeaseExpiresAt.ShouldBe(T0.AddMinutes(63));
        await h.AdvanceToAsync(T0.AddMinutes(63));
        var outcome = await h.OutcomeAsync();
        outcome.End!.Source.ShouldBe(CallEndSource.BeforeStart);
        (await h.ActionsAsync()).ShouldBe(["IdentifyAgent", "Lease", "SendNotification", "Timer", "Release"]);
    }

    [Fact]
    public async Task An_end_delivered_before_the_start_is_kept_and_ends_the_lifecycle_when_it_starts()
    {
        await using var h = await LifecycleHarness.StartAsync();
        (await h.EndAsync("call-1", T0.AddMinutes(2), CallEndSource.Acs)).Outcome.ShouldBe(EventOutcome.EndKept);

        await h.AdvanceToAsync(T0.AddMinutes(3));
        await h.PlaceAsync(Call());

        h.Presence.Current["agent-1"].ShouldBe(Available);
        var status = await h.StatusAsync();
        status.Stage.ShouldBe(LifecycleStage.CallbackWindowOpen);
        status.LeaseExpiresAt.ShouldBe(T0.AddMinutes(62));
    }

    [Fact]
    public async Task A_933_test_call_runs_the_lifecycle_marked_as_a_test_without_emailing_contacts()
    {
        await using var h = await LifecycleHarness.StartAsync();

        await h.PlaceAsync(Call(number: "933"));

        h.Email.Delivered.ShouldBeEmpty();
        var status = await h.StatusAsync();
        status.IsTest.ShouldBeTrue();
        status.Notification.ShouldBe(NotificationStatus.SkippedForTestCall);
        h.Presence.Current["agent-1"].ShouldBe(PresenceSnapshot.DoNotDisturb);
    }

    [Fact]
    public async Task Test_calls_email_contacts_when_configured()
    {
        await using var h = await LifecycleHarness.StartAsync(LifecycleSettings.Default with { NotifyOnTestCalls = true });

        await h.PlaceAsync(Call(number: "933"));

        h.Email.Delivered.Values.ShouldHaveSingleItem().Content.Subject.ShouldStartWith("[TEST CALL]");
    }

    [Fact]
    public async Task An_agent_without_contacts_gets_no_email_and_it_is_recorded()
    {
        await using var h = await LifecycleHarness.StartAsync();

        await h.PlaceAsync(Call(agent: "agent-2"));

        h.Email.Delivered.ShouldBeEmpty();
        (await h.StatusAsync()).Notification.ShouldBe(NotificationStatus.NoContacts);
        h.Alerts.Raised.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_agent_missing_from_the_directory_gets_no_DND_and_a_number_whose_callbacks_go_to_the_fallback()
    {
        await using var h = await LifecycleHarness.StartAsync();

        await h.PlaceAsync(Call(agent: "agent-unknown"));

        // Whoever the event named is not put in DND: the identity is not known to be the agent's.
        h.Presence.Current.ShouldNotContainKey("agent-unknown");
        (await h.StatusAsync()).CallbackNumberMasked.ShouldNotBeNull();
        h.Alerts.Raised.Values.Count(a => a.Kind == AlertKind.UnknownAgent).ShouldBe(1);
        var pool = await h.PoolAsync();
        CallbackPool.Route(pool, PoolNumber1, T0.AddMinutes(1)).Kind.ShouldBe(RouteKind.Fallback);
    }

    [Fact]
    public async Task A_dialer_identity_that_is_not_the_directorys_is_not_used_and_operators_are_alerted()
    {
        await using var h = await LifecycleHarness.StartAsync();

        await h.PlaceAsync(Call() with { AgentIdentity = "8:acs:someone-else" });

        h.Presence.WrittenIdentities.ShouldAllBe(identity => identity == "8:acs:agent-1");
        h.Presence.WrittenIdentities.ShouldNotBeEmpty();
        h.Alerts.Raised.Values.ShouldContain(a => a.Kind == AlertKind.IdentityMismatch);
        var route = CallbackPool.Route(await h.PoolAsync(), PoolNumber1, T0.AddMinutes(1));
        route.Kind.ShouldBe(RouteKind.RingAgent);
        route.AgentIdentity.ShouldBe("8:acs:agent-1");
    }

    [Fact]
    public async Task Operators_hear_when_no_end_signal_has_come_after_the_silence_alert_and_the_call_still_ends_normally()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.PlaceAsync(Call());

        await h.AdvanceToAsync(T0.AddMinutes(29));
        h.Alerts.Raised.Values.ShouldNotContain(a => a.Kind == AlertKind.CallEndSilent);
        await h.AdvanceToAsync(T0.AddMinutes(31));
        h.Alerts.Raised.Values.ShouldContain(a => a.Kind == AlertKind.CallEndSilent);
        (await h.StatusAsync()).Stage.ShouldBe(LifecycleStage.WaitingForCallEnd);

        await h.EndAsync("call-1", T0.AddMinutes(40));

        var status = await h.StatusAsync();
        status.Stage.ShouldBe(LifecycleStage.CallbackWindowOpen);
        status.CallEndedAt.ShouldBe(T0.AddMinutes(40));
        h.Presence.Current["agent-1"].ShouldNotBe(PresenceSnapshot.DoNotDisturb);
        h.Alerts.Raised.Values.ShouldNotContain(a => a.Kind == AlertKind.CallEndMissing);
    }

    [Fact]
    public async Task A_stored_contact_that_cannot_be_emailed_is_skipped_and_operators_are_alerted_without_the_address()
    {
        await using var h = await LifecycleHarness.StartAsync();
        h.Directory.Agents["agent-1"] = new("agent-1", "Ana Lima", "8:acs:agent-1", "ops@contoso.com; not-an-address");

        await h.PlaceAsync(Call());

        h.Email.Delivered.Values.Single().Recipients.ShouldBe(["ops@contoso.com"]);
        var alert = h.Alerts.Raised.Values.Single(a => a.Kind == AlertKind.ContactsSkipped);
        alert.Message.ShouldContain("1 stored emergency contact(s)");
        alert.Message.ShouldNotContain("not-an-address");
    }

    [Fact]
    public async Task A_failing_email_service_is_retried_then_alerted_and_the_lifecycle_goes_on()
    {
        await using var h = await LifecycleHarness.StartAsync();
        h.Email.Fail = true;

        await h.PlaceAsync(Call());
        await h.AdvanceToAsync(T0.AddMinutes(15));

        // Backing off 30 s, 1, 2 and 4 minutes: a fifth wait of 5 minutes would pass the 10-minute budget.
        h.Email.Attempts.ShouldBe(5);
        h.Alerts.Raised.Values.ShouldContain(a => a.Kind == AlertKind.NotificationFailed);
        (await h.StatusAsync()).Stage.ShouldBe(LifecycleStage.WaitingForCallEnd);
    }

    [Fact]
    public async Task A_duplicate_start_finds_the_existing_lifecycle_and_does_nothing()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.PlaceAsync(Call());

        var again = await h.PlaceAsync(Call());
        await h.EndAsync("call-1", T0.AddMinutes(5));
        await h.AdvanceToAsync(T0.AddMinutes(65));
        var late = await h.PlaceAsync(Call());

        again.Outcome.ShouldBe(EventOutcome.Duplicate);
        late.Outcome.ShouldBe(EventOutcome.Duplicate);
        (await h.InstanceAsync())!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        h.Email.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task Duplicate_and_late_call_ends_change_nothing()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.PlaceAsync(Call());
        await h.EndAsync("call-1", T0.AddMinutes(5));
        var before = await h.ActionsAsync();

        await h.EndAsync("call-1", T0.AddMinutes(9), CallEndSource.Acs);

        (await h.ActionsAsync()).Count.ShouldBe(before.Count);
        (await h.StatusAsync()).CallEndedAt.ShouldBe(T0.AddMinutes(5));
    }

    [Fact]
    public async Task A_presence_the_agent_set_during_the_call_is_not_overwritten()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.PlaceAsync(Call());
        h.Presence.Current["agent-1"] = new("Away", "Away");

        await h.EndAsync("call-1", T0.AddMinutes(5));

        h.Presence.Current["agent-1"].Availability.ShouldBe("Away");
    }

    [Fact]
    public async Task Calls_that_are_not_emergencies_or_from_unsupported_countries_start_nothing()
    {
        await using var h = await LifecycleHarness.StartAsync();

        (await h.PlaceAsync(Call(number: "+14255550000"))).Outcome.ShouldBe(EventOutcome.NotEmergency);
        (await h.PlaceAsync(Call(country: "FR", number: "112"))).Outcome.ShouldBe(EventOutcome.UnsupportedCountry);

        await foreach (var instance in h.Client.GetAllInstancesAsync())
        {
            instance.InstanceId.ShouldBeNull("no lifecycle should have started");
        }
    }

    [Fact]
    public void Lifecycle_inputs_round_trip_through_JSON_as_every_durable_backend_stores_them()
    {
        var input = CallEvents.OnPlaced(Call(), EmergencyFlow.Domain.Numbers.NumberPlan.Default, LifecycleSettings.Default).Input!;

        var json = System.Text.Json.JsonSerializer.Serialize(input);
        var back = System.Text.Json.JsonSerializer.Deserialize<LifecycleInput>(json)!;

        back.ShouldBe(input);
        json.ShouldNotContain("CandidateInstanceIds");
    }

    [Fact]
    public async Task The_lifecycle_passes_the_agents_country_so_the_email_gives_the_local_time()
    {
        await using var h = await LifecycleHarness.StartAsync();

        await h.PlaceAsync(Call(country: "GB", number: "999"));

        h.Email.Delivered.Values.ShouldHaveSingleItem().Content.PlainText.ShouldContain("Local time: 2026-11-21 19:00 UK time (Europe/London).");
    }
}
