using EmergencyFlow.Domain.Presence;

namespace EmergencyFlow.Domain.Tests.Presence;

public class PresenceRulesTests
{
    private static readonly PresenceSnapshot Available = new("Available", "Available");

    [Fact]
    public void The_previous_presence_is_restored_while_the_agent_is_still_in_our_Do_Not_Disturb()
    {
        var result = PresenceRules.DecideRestore(PresenceSnapshot.DoNotDisturb, Available);

        result.Restored.ShouldBeTrue();
        result.Presence.ShouldBe(Available);
    }

    [Fact]
    public void A_presence_the_agent_chose_during_the_call_is_left_alone()
    {
        var away = new PresenceSnapshot("Away", "Away");

        var result = PresenceRules.DecideRestore(away, Available);

        result.Restored.ShouldBeFalse();
        result.Presence.ShouldBe(away);
        result.Reason.ShouldContain("Away");
    }

    [Fact]
    public void An_agent_who_was_already_in_Do_Not_Disturb_stays_there() =>
        PresenceRules.DecideRestore(PresenceSnapshot.DoNotDisturb, new PresenceSnapshot("DoNotDisturb", "Presenting")).Restored.ShouldBeFalse();

    [Fact]
    public void The_activity_is_part_of_what_is_restored()
    {
        var inACall = new PresenceSnapshot("Busy", "InACall");

        PresenceRules.DecideRestore(PresenceSnapshot.DoNotDisturb, inACall).Presence.Activity.ShouldBe("InACall");
    }

    [Fact]
    public void Only_a_choice_of_the_agent_during_the_call_keeps_the_agents_presence_over_the_restore()
    {
        var dnd = PresenceSnapshot.DoNotDisturb;
        PresenceRules.DecideRestore(new("Busy", "Busy"), new("Available", "Available")).AgentChoseDuringCall.ShouldBeTrue();
        PresenceRules.DecideRestore(new("Available", "Available"), dnd).AgentChoseDuringCall.ShouldBeTrue();
        PresenceRules.DecideRestore(dnd, new("Available", "Available")).AgentChoseDuringCall.ShouldBeFalse();
        PresenceRules.DecideRestore(dnd, dnd).AgentChoseDuringCall.ShouldBeFalse();
    }

    [Theory]
    [InlineData("Busy", "Busy", true)]
    [InlineData("DoNotDisturb", "DoNotDisturb", true)]
    [InlineData("BeRightBack", "BeRightBack", true)]
    [InlineData("Offline", "OffWork", true)]
    [InlineData("Busy", "InACall", false)]
    [InlineData("DoNotDisturb", "Presenting", false)]
    [InlineData("Available", "Available", false)]
    [InlineData("Away", "Away", false)]
    [InlineData("PresenceUnknown", null, false)]
    public void A_status_is_known_to_be_the_agents_own_choice_only_when_Teams_never_reports_it_by_itself(string availability, string? activity, bool chosen) =>
        PresenceRules.IsChosenByThePerson(new PresenceSnapshot(availability, activity)).ShouldBe(chosen);
}
