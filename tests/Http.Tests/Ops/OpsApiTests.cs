using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Notifications;
using Microsoft.AspNetCore.Http;
using EmergencyFlow.Application.Ops;

namespace EmergencyFlow.Http.Tests.Ops;

public sealed class OpsApiTests
{
    private const string Live = "+14255550123";
    private const string Free = "+14255550124";

    private static OpsCalls Service(IOpsBackend backend) => new(backend);

    [Fact]
    public async Task A_pool_change_in_azure_is_checked_now_and_answered_202_as_queued()
    {
        var backend = new FakeOpsBackend { QueuesPoolChanges = true, Pool = FakeOpsBackend.WithPool(Live).Pool };

        var response = await OpsHttp.RunAsync(Service(backend).ReplacePoolAsync(OpsHttp.Json($$"""{"numbers": ["{{Live}}", "+1 425 555 0124"]}""")));

        response.Status.ShouldBe(202);
        response.Body!["applied"]!.GetValue<bool>().ShouldBeFalse();
        response.Body["pool"]!.AsArray().Select(n => n!["number"]!.GetValue<string>()).ShouldBe([Live, Free]);
        backend.PoolCommands.ShouldHaveSingleItem().ShouldBeOfType<PoolCommand.ReplaceNumbers>().Numbers.ShouldBe([Live, Free]);
    }

    [Fact]
    public async Task A_pool_change_on_the_local_host_is_answered_202_and_already_in_effect()
    {
        var backend = FakeOpsBackend.WithPool(Live);

        var response = await OpsHttp.RunAsync(Service(backend).ReplacePoolAsync(OpsHttp.Json($$"""{"numbers": ["{{Free}}"]}""")));

        response.Status.ShouldBe(202);
        response.Body!["applied"]!.GetValue<bool>().ShouldBeTrue();
        backend.Pool.Numbers.Select(n => n.Number).ShouldBe([Free]);
    }

    [Fact]
    public async Task Removing_a_number_with_a_live_lease_is_a_409_and_nothing_reaches_the_pool()
    {
        var backend = FakeOpsBackend.WithPool(Live, Free).WithLease(Live, "agent-042");

        var response = await OpsHttp.RunAsync(Service(backend).ReplacePoolAsync(OpsHttp.Json($$"""{"numbers": ["{{Free}}"]}""")));

        response.Status.ShouldBe(409);
        response.Detail!.ShouldContain("live lease");
        backend.PoolCommands.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_lease_taken_between_the_check_and_the_write_is_still_a_409()
    {
        var backend = FakeOpsBackend.WithPool(Live, Free);
        backend.RaceOutcome = new PoolChange(false, "Numbers with a live lease cannot be removed: +*********23.", Rejected: true);

        var response = await OpsHttp.RunAsync(Service(backend).ReplacePoolAsync(OpsHttp.Json($$"""{"numbers": ["{{Free}}"]}""")));

        response.Status.ShouldBe(409);
    }

    [Fact]
    public async Task An_invalid_pool_number_is_a_400_naming_each_bad_entry_not_a_409()
    {
        var backend = FakeOpsBackend.WithPool(Live);

        var response = await OpsHttp.RunAsync(Service(backend).ReplacePoolAsync(OpsHttp.Json($$"""{"numbers": ["{{Live}}", "12", null]}""")));

        response.Status.ShouldBe(400);
        response.Problems.ShouldBe([
            "numbers[1]: '12' is not an E.164 number such as +14255550123.",
            "numbers[2]: null is not an E.164 number such as +14255550123.",
        ]);
        backend.PoolCommands.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_pool_body_without_numbers_is_a_400_and_never_empties_the_pool()
    {
        var backend = FakeOpsBackend.WithPool(Live);

        var response = await OpsHttp.RunAsync(Service(backend).ReplacePoolAsync(OpsHttp.Json("{}")));

        response.Status.ShouldBe(400);
        response.Problems.Single().ShouldStartWith("numbers: required");
        backend.Pool.Numbers.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_pool_change_that_changes_nothing_is_answered_without_being_sent()
    {
        var backend = new FakeOpsBackend { QueuesPoolChanges = true, Pool = FakeOpsBackend.WithPool(Live).Pool };

        var response = await OpsHttp.RunAsync(Service(backend).ReplacePoolAsync(OpsHttp.Json($$"""{"numbers": ["{{Live}}"]}""")));

        response.Status.ShouldBe(202);
        response.Body!["changed"]!.GetValue<bool>().ShouldBeFalse();
        response.Body["reason"]!.GetValue<string>().ShouldBe("The pool already holds exactly these numbers.");
        backend.PoolCommands.ShouldBeEmpty();
    }

    [Fact]
    public async Task Releasing_a_leased_number_by_hand_frees_it()
    {
        var backend = FakeOpsBackend.WithPool(Live).WithLease(Live, "agent-042");

        var response = await OpsHttp.RunAsync(Service(backend).ReleaseLeaseAsync("+1 (425) 555-0123", CancellationToken.None));

        response.Status.ShouldBe(202);
        response.Body!["changed"]!.GetValue<bool>().ShouldBeTrue();
        backend.Pool.Numbers.Single().Lease.ShouldBeNull();
    }

    [Fact]
    public async Task Releasing_a_number_that_is_not_in_the_pool_is_a_404()
    {
        var backend = FakeOpsBackend.WithPool(Live);

        var response = await OpsHttp.RunAsync(Service(backend).ReleaseLeaseAsync(Free, CancellationToken.None));

        response.Status.ShouldBe(404);
        response.IsProblem.ShouldBeTrue();
        backend.PoolCommands.ShouldBeEmpty();
    }

    [Fact]
    public async Task Leases_list_only_the_live_ones_with_their_agent()
    {
        var backend = FakeOpsBackend.WithPool(Live, Free).WithLease(Live, "agent-042");

        var response = await OpsHttp.RunAsync(Service(backend).ListLeasesAsync(CancellationToken.None));

        response.Body!.AsArray().Select(l => (l!["number"]!.GetValue<string>(), l["agentId"]!.GetValue<string>())).ShouldBe([(Live, "agent-042")]);
    }

    [Fact]
    public async Task A_contacts_body_without_contacts_is_a_400_and_the_stored_contacts_are_kept()
    {
        var backend = new FakeOpsBackend().WithAgent("agent-042");

        var response = await OpsHttp.RunAsync(Service(backend).PutContactsAsync("agent-042", OpsHttp.Json("{}")));

        response.Status.ShouldBe(400);
        response.Problems.Single().ShouldStartWith("contacts: required");
        backend.Agents["agent-042"].EmergencyContacts.ShouldBe("ops-lead@contoso.com; ana.family@contoso.com");
    }

    [Fact]
    public async Task Empty_contacts_clear_the_list_on_purpose()
    {
        var backend = new FakeOpsBackend().WithAgent("agent-042");

        var response = await OpsHttp.RunAsync(Service(backend).PutContactsAsync("agent-042", OpsHttp.Json("""{"contacts": ""}""")));

        response.Status.ShouldBe(200);
        backend.Agents["agent-042"].EmergencyContacts.ShouldBe("");
    }

    [Fact]
    public async Task Contacts_for_an_unknown_agent_are_a_404_and_create_nobody()
    {
        var backend = new FakeOpsBackend();

        var response = await OpsHttp.RunAsync(Service(backend).PutContactsAsync("agent-999", OpsHttp.Json("""{"contacts": "a@contoso.com"}""")));

        response.Status.ShouldBe(404);
        backend.Agents.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_agent_body_that_omits_fields_is_a_400_naming_each_and_the_stored_agent_is_kept()
    {
        var backend = new FakeOpsBackend().WithAgent("agent-042");

        var response = await OpsHttp.RunAsync(Service(backend).PutAgentAsync("agent-042", OpsHttp.Json("""{"acsIdentity": "8:acs:x"}""")));

        response.Status.ShouldBe(400);
        response.Problems.ShouldBe(["displayName: required.", "emergencyContacts: required (\"\" for none)."]);
        backend.Agents["agent-042"].DisplayName.ShouldBe("Ana Lima");
    }

    [Fact]
    public async Task A_valid_agent_is_saved_trimmed_with_contacts_in_their_stored_form()
    {
        var backend = new FakeOpsBackend();

        var response = await OpsHttp.RunAsync(Service(backend).PutAgentAsync("agent-100",
            OpsHttp.Json("""{"displayName": " Chi Ng ", "acsIdentity": "8:acs:chi", "emergencyContacts": " a@contoso.com ;; b@contoso.com "}""")));

        response.Status.ShouldBe(200);
        backend.Agents["agent-100"].ShouldBe(new AgentProfile("agent-100", "Chi Ng", "8:acs:chi", "a@contoso.com; b@contoso.com"));
    }

    [Fact]
    public async Task A_template_with_missing_parts_is_a_400_naming_them_not_a_500()
    {
        var backend = new FakeOpsBackend();

        var response = await OpsHttp.RunAsync(Service(backend).PutTemplateAsync(OpsHttp.Json("""{"subject": "Emergency: {{AgentName}}"}""")));

        response.Status.ShouldBe(400);
        response.Problems.ShouldBe(["plainText: required.", "html: required."]);
        backend.Template.ShouldBe(NotificationTemplate.Default);
    }

    [Fact]
    public async Task Unknown_agents_are_a_404_on_read_and_delete()
    {
        var service = Service(new FakeOpsBackend());

        var read = await OpsHttp.RunAsync(service.GetAgentAsync("agent-999", CancellationToken.None));
        var contacts = await OpsHttp.RunAsync(service.GetContactsAsync("agent-999", CancellationToken.None));
        var delete = await OpsHttp.RunAsync(service.DeleteAgentAsync("agent-999", CancellationToken.None));

        new[] { read.Status, contacts.Status, delete.Status }.ShouldAllBe(status => status == 404);
    }

    [Fact]
    public async Task Deleting_an_agent_is_a_204_and_the_agent_is_gone()
    {
        var backend = new FakeOpsBackend().WithAgent("agent-042");

        var response = await OpsHttp.RunAsync(Service(backend).DeleteAgentAsync("agent-042", CancellationToken.None));

        response.Status.ShouldBe(204);
        backend.Agents.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_emergency_is_a_404_problem()
    {
        var response = await OpsHttp.RunAsync(Service(new FakeOpsBackend()).GetEmergencyAsync("emergency-nope", CancellationToken.None));

        response.Status.ShouldBe(404);
        response.IsProblem.ShouldBeTrue();
    }

    [Fact]
    public async Task An_emergency_is_shown_with_its_durable_actions_where_the_backend_keeps_them()
    {
        var backend = new FakeOpsBackend();
        var view = EmergencyView.From("emergency-call-1", "Running", null, FakeOpsBackend.Now, FakeOpsBackend.Now);
        backend.Emergencies["emergency-call-1"] = new EmergencyDetail(view, [new EmergencyAction(0, "Step", "SetDoNotDisturb", FakeOpsBackend.Now, null)], null);

        var response = await OpsHttp.RunAsync(Service(backend).GetEmergencyAsync("emergency-call-1", CancellationToken.None));

        response.Status.ShouldBe(200);
        response.Body!["emergency"]!["instanceId"]!.GetValue<string>().ShouldBe("emergency-call-1");
        response.Body["actions"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe("SetDoNotDisturb");
    }

    public static TheoryData<string, Func<OpsCalls, Task<IResult>>> RoutesWithABadId => new()
    {
        { "agentId", s => s.GetAgentAsync("bad id", CancellationToken.None) },
        { "agentId", s => s.PutAgentAsync("a/b", OpsHttp.Json("{}")) },
        { "agentId", s => s.DeleteAgentAsync(new string('a', 129), CancellationToken.None) },
        { "agentId", s => s.GetContactsAsync("", CancellationToken.None) },
        { "agentId", s => s.PutContactsAsync("agent\n042", OpsHttp.Json("""{"contacts": ""}""")) },
        { "instanceId", s => s.GetEmergencyAsync("emergency-1?x", CancellationToken.None) },
        { "number", s => s.ReleaseLeaseAsync("not-a-number", CancellationToken.None) },
    };

    [Theory]
    [MemberData(nameof(RoutesWithABadId))]
    public async Task A_bad_path_id_is_a_400_naming_it_on_every_route_and_touches_no_storage(string field, Func<OpsCalls, Task<IResult>> call)
    {
        var backend = Substitute.For<IOpsBackend>();

        var response = await OpsHttp.RunAsync(call(Service(backend)));

        response.Status.ShouldBe(400);
        response.Problems.Single().ShouldStartWith(field + ":");
        backend.ReceivedCalls().ShouldBeEmpty();
    }
}
