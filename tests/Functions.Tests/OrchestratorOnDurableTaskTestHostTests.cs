using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Functions.Tests.Support;

namespace EmergencyFlow.Functions.Tests;

/// <summary>
/// The real <see cref="Lifecycle.EmergencyFunctions"/> orchestrator and activities on Microsoft's
/// in-process Durable Task engine. No virtual clock there: the callback window is zero and a deadline is
/// either an hour away (never reached in a test) or zero (already due), so no test waits on a timer.
/// </summary>
public sealed class OrchestratorOnDurableTaskTestHostTests
{
    private const string FirstNumber = "+14255550123";
    private const string SecondNumber = "+14255550124";
    private static readonly LifecycleSettings EndArrivesInTime = new(CallbackWindow: TimeSpan.Zero, CallEndDeadline: TimeSpan.FromHours(1), NotifyOnTestCalls: false);
    private static readonly LifecycleSettings DeadlineAlreadyDue = new(CallbackWindow: TimeSpan.Zero, CallEndDeadline: TimeSpan.Zero, NotifyOnTestCalls: false);

    [Fact]
    public async Task An_emergency_call_runs_every_stage_in_order_and_completes_with_the_number_back_in_the_pool()
    {
        await using var host = await LifecycleTestHost.StartAsync(FirstNumber);
        var id = await host.StartLifecycleAsync(LifecycleTestHost.CallInput("call-1", EndArrivesInTime));

        var waiting = await host.WaitForStageAsync(id, LifecycleStage.WaitingForCallEnd);
        var presenceDuringCall = host.Presence.Current[LifecycleTestHost.AgentId];
        await host.RaiseCallEndAsync(id, new CallEnd(DateTimeOffset.UtcNow, CallEndSource.Dialer));
        var (outcome, final) = await host.FinishAsync(id);

        waiting.Stage.ShouldBe(LifecycleStage.WaitingForCallEnd);
        waiting.CallbackNumberMasked.ShouldNotBeNull().ShouldEndWith("23");
        waiting.Notification.ShouldBe(NotificationStatus.Sent);
        presenceDuringCall.ShouldBe(PresenceSnapshot.DoNotDisturb);
        host.StatusesOf(id).Select(s => s.Stage).ShouldBe(new[]
        {
            LifecycleStage.Started, LifecycleStage.DoNotDisturbSet, LifecycleStage.CallbackLeased, LifecycleStage.ContactsNotified,
            LifecycleStage.WaitingForCallEnd, LifecycleStage.PresenceRestored, LifecycleStage.CallbackWindowOpen, LifecycleStage.Completed,
        });
        host.StatusesOf(id).Single(s => s.Stage == LifecycleStage.CallbackWindowOpen).LeaseExpiresAt.ShouldBe(final.CallEndedAt);
        host.Actions.ToArray().ShouldBe(new[] { "SetDoNotDisturb", "Lease", "SendNotification", "RestorePresence", "Extend", "Release" });
        final.Stage.ShouldBe(LifecycleStage.Completed);
        final.EndedBy.ShouldBe(CallEndSource.Dialer);
        final.Alerts.ShouldBeEmpty();
        outcome.CallbackNumber.ShouldBe(FirstNumber);
        outcome.Restore.ShouldNotBeNull().Restored.ShouldBeTrue();
        host.Presence.Current[LifecycleTestHost.AgentId].ShouldBe(outcome.PreviousPresence);
        host.Email.Delivered.Values.ShouldHaveSingleItem().Content.PlainText.ShouldContain(FirstNumber);
        host.Pool.LiveAt(DateTimeOffset.UtcNow).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_call_end_before_the_deadline_ends_the_wait_at_once_without_a_missing_end_alert()
    {
        await using var host = await LifecycleTestHost.StartAsync(FirstNumber);
        var id = await host.StartLifecycleAsync(LifecycleTestHost.CallInput("call-1", EndArrivesInTime));
        await host.WaitForStageAsync(id, LifecycleStage.WaitingForCallEnd);
        // After the call was placed and before the event arrives: the lifecycle keeps the event's own time.
        var endedAt = DateTimeOffset.UtcNow;

        await host.RaiseCallEndAsync(id, new CallEnd(endedAt, CallEndSource.Acs));
        // Completing within the test's patience proves the one-hour deadline timer was cancelled.
        var (outcome, final) = await host.FinishAsync(id);

        outcome.End.ShouldBe(new CallEnd(endedAt, CallEndSource.Acs));
        final.CallEndedAt.ShouldBe(endedAt);
        final.Alerts.ShouldNotContain(AlertKind.CallEndMissing);
        host.Alerts.Raised.ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_deadline_passes_first_operators_are_alerted_and_the_presence_is_restored()
    {
        await using var host = await LifecycleTestHost.StartAsync(FirstNumber);
        var id = await host.StartLifecycleAsync(LifecycleTestHost.CallInput("call-1", DeadlineAlreadyDue));

        var (outcome, final) = await host.FinishAsync(id);

        final.Stage.ShouldBe(LifecycleStage.Completed);
        final.EndedBy.ShouldBe(CallEndSource.Deadline);
        final.Alerts.ShouldBe(new[] { AlertKind.CallEndMissing });
        host.Alerts.Raised.Values.ShouldHaveSingleItem().Kind.ShouldBe(AlertKind.CallEndMissing);
        outcome.Restore.ShouldNotBeNull().Restored.ShouldBeTrue();
        host.Presence.Current[LifecycleTestHost.AgentId].IsDoNotDisturb.ShouldBeFalse();
        host.Actions.ToArray().ShouldBe(new[] { "SetDoNotDisturb", "Lease", "SendNotification", "AlertOperators", "RestorePresence", "Extend", "Release" });
        host.Pool.LiveAt(DateTimeOffset.UtcNow).ShouldBeEmpty();
    }

    [Fact]
    public async Task With_the_pool_exhausted_the_lifecycle_completes_and_the_email_says_there_is_no_callback_number()
    {
        await using var host = await LifecycleTestHost.StartAsync();
        var id = await host.StartLifecycleAsync(LifecycleTestHost.CallInput("call-1", EndArrivesInTime));
        var waiting = await host.WaitForStageAsync(id, LifecycleStage.WaitingForCallEnd);

        await host.RaiseCallEndAsync(id, new CallEnd(DateTimeOffset.UtcNow, CallEndSource.Dialer));
        var (outcome, final) = await host.FinishAsync(id);

        waiting.CallbackNumberMasked.ShouldBeNull();
        final.Stage.ShouldBe(LifecycleStage.Completed);
        final.Alerts.ShouldBe(new[] { AlertKind.PoolExhausted });
        host.Alerts.Raised.Values.ShouldHaveSingleItem().Kind.ShouldBe(AlertKind.PoolExhausted);
        outcome.CallbackNumber.ShouldBeNull();
        host.Email.Delivered.Values.ShouldHaveSingleItem().Content.PlainText.ShouldContain(NotificationTemplate.NoCallbackNumber);
        host.StatusesOf(id).Select(s => s.Stage).ShouldBe(new[]
        {
            LifecycleStage.Started, LifecycleStage.DoNotDisturbSet, LifecycleStage.CallbackLeased, LifecycleStage.ContactsNotified,
            LifecycleStage.WaitingForCallEnd, LifecycleStage.PresenceRestored, LifecycleStage.Completed,
        });
        host.Actions.ShouldNotContain("Extend");
        host.Actions.ShouldNotContain("Release");
    }

    [Fact]
    public async Task A_repeat_call_by_the_same_agent_reuses_the_live_callback_number_until_both_lifecycles_end()
    {
        await using var host = await LifecycleTestHost.StartAsync(FirstNumber, SecondNumber);
        var first = await host.StartLifecycleAsync(LifecycleTestHost.CallInput("call-1", EndArrivesInTime));
        await host.WaitForStageAsync(first, LifecycleStage.WaitingForCallEnd);
        var second = await host.StartLifecycleAsync(LifecycleTestHost.CallInput("call-2", EndArrivesInTime));
        await host.WaitForStageAsync(second, LifecycleStage.WaitingForCallEnd);

        await host.RaiseCallEndAsync(first, new CallEnd(DateTimeOffset.UtcNow, CallEndSource.Dialer));
        var (firstOutcome, _) = await host.FinishAsync(first);
        var stillLive = host.Pool.LiveAt(DateTimeOffset.UtcNow).Select(n => n.Number).ToList();
        await host.RaiseCallEndAsync(second, new CallEnd(DateTimeOffset.UtcNow, CallEndSource.Dialer));
        var (secondOutcome, _) = await host.FinishAsync(second);

        firstOutcome.CallbackNumber.ShouldBe(FirstNumber);
        secondOutcome.CallbackNumber.ShouldBe(FirstNumber);
        stillLive.ShouldBe(new[] { FirstNumber });
        host.Email.Delivered.Values.Select(m => m.Content.PlainText).ShouldAllBe(text => text.Contains(FirstNumber));
        host.Pool.Numbers.Single(n => n.Number == SecondNumber).Lease.ShouldBeNull();
        host.Pool.LiveAt(DateTimeOffset.UtcNow).ShouldBeEmpty();
    }
}
