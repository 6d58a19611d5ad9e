using System.Text.Json.Nodes;

namespace EmergencyFlow.Infra.Tests;

/// <summary>Who can do what: roles, keys that are switched off, networks.</summary>
[Collection(BicepCollection.Name)]
public sealed class AccessTests(BicepRun run, ProductionSnapshots production)
{
    private const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string Owner = "8e3af657-a8ff-443c-a75e-2fe8c4bcb635";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string AppIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities/id-emergencyflow-";

    [Fact]
    public void Nobody_is_granted_contributor_or_owner()
    {
        var roles = production.Main.OfType(RoleAssignment).Select(RoleId).ToList();

        roles.ShouldNotBeEmpty();
        roles.ShouldNotContain(Contributor);
        roles.ShouldNotContain(Owner);
    }

    [Fact]
    public void The_app_reaches_acs_through_a_role_with_exactly_the_documented_sending_actions()
    {
        var definition = production.Main.Single("Microsoft.Authorization/roleDefinitions");
        var onAcs = production.Main.OfType(RoleAssignment).Where(a => Scope(a).Contains("/communicationServices/", StringComparison.Ordinal)).ToList();

        var permissions = definition["properties"]!["permissions"]!.AsArray().ShouldHaveSingleItem()!;
        permissions["actions"]!.AsArray().Select(a => (string?)a).ShouldBe(
        [
            "Microsoft.Communication/CommunicationServices/Read",
            "Microsoft.Communication/CommunicationServices/Write",
            "Microsoft.Communication/EmailServices/write",
        ]);
        permissions["dataActions"]!.AsArray().ShouldBeEmpty();
        onAcs.ShouldHaveSingleItem();
        Principal(onAcs[0]).ShouldContain(AppIdentity);
        RoleId(onAcs[0]).ShouldBe((string)definition["name"]!);
    }

    [Fact]
    public void Acs_accepts_no_access_key()
    {
        ((bool?)production.Main.Single("Microsoft.Communication/communicationServices")["properties"]!["disableLocalAuth"]).ShouldBe(true);
    }

    [Fact]
    public void Storage_monitoring_and_the_dialer_topic_accept_no_key_either()
    {
        ((bool?)production.Main.Single("Microsoft.Storage/storageAccounts")["properties"]!["allowSharedKeyAccess"]).ShouldBe(false);
        ((bool?)production.Main.Single("Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]).ShouldBe(true);
        ((bool?)production.Main.Single("Microsoft.OperationalInsights/workspaces")["properties"]!["features"]!["disableLocalAuth"]).ShouldBe(true);
        ((bool?)production.Main.Single("Microsoft.EventGrid/topics")["properties"]!["disableLocalAuth"]).ShouldBe(true);
        production.Main.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .Select(p => ((string)p["name"]!).Split('/')[^1] + "=" + (bool?)p["properties"]!["allow"])
            .Order(StringComparer.Ordinal)
            .ShouldBe(["ftp=False", "scm=False"]);
    }

    [Fact]
    public void Event_grid_writes_dead_letters_into_the_dead_letter_container_only()
    {
        var topicWriters = production.Main.OfType(RoleAssignment).Where(a => Principal(a).Contains("Microsoft.EventGrid/", StringComparison.Ordinal)).ToList();

        topicWriters.Count.ShouldBe(2);
        topicWriters.ShouldAllBe(a => RoleId(a) == BlobDataContributor);
        topicWriters.ShouldAllBe(a => Scope(a).EndsWith("/blobServices/default/containers/deadletter", StringComparison.Ordinal));
    }

    [Fact]
    public void The_deployer_gets_no_data_access_unless_asked_for_it()
    {
        production.Main.OfType(RoleAssignment).ShouldNotContain(a => Principal(a) == Deployments.DeployerId);
    }

    [Fact]
    public async Task A_deployer_who_asks_gets_data_access_without_owning_anything()
    {
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("grantDeveloperDataAccess", true)));

        var deployer = snapshot.OfType(RoleAssignment).Where(a => Principal(a) == Deployments.DeployerId).ToList();
        deployer.Count.ShouldBe(4);
        deployer.Select(RoleId).ShouldNotContain("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Blob Data Owner adds permission management, which development does not need");
    }

    [Fact]
    public void The_app_identity_can_send_its_telemetry_to_application_insights()
    {
        var publisher = production.Main.OfType(RoleAssignment).Where(a => RoleId(a) == MonitoringMetricsPublisher).ShouldHaveSingleItem();

        Principal(publisher).ShouldContain(AppIdentity);
        Scope(publisher).ShouldContain("/Microsoft.Insights/components/appi-emergencyflow-");
        production.Main.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"].ShouldContain("Authorization=AAD");
        production.Main.AppSettings["EmergencyFlow__ManagedIdentityClientId"].ShouldContain(AppIdentity);
    }

    [Fact]
    public void Role_assignments_are_one_loop_per_scope_over_one_typed_list()
    {
        var roles = run.Compiled("modules/roles.bicep").ShouldNotBeNull();

        var assignments = roles["resources"]!.AsObject().Where(r => (string?)r.Value!["type"] == RoleAssignment).ToList();
        assignments.ShouldAllBe(r => r.Value!["copy"] != null);
        assignments.Select(r => Scope(r.Value!.AsObject())).Distinct().Count().ShouldBe(assignments.Count);
    }

    [Fact]
    public void Storage_accepts_every_network_by_default_so_the_app_keeps_working()
    {
        var acls = production.Main.Single("Microsoft.Storage/storageAccounts")["properties"]!["networkAcls"]!;

        ((string?)acls["defaultAction"]).ShouldBe("Allow");
        production.Main.Single("Microsoft.Web/sites")["properties"]!["virtualNetworkSubnetId"].ShouldBeNull();
    }

    [Fact]
    public async Task With_a_subnet_storage_admits_only_it_the_given_addresses_and_trusted_services()
    {
        const string subnet = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/functions";
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("appSubnetId", subnet), ("storageAllowedIpRanges", "203.0.113.0/24, 198.51.100.7")));

        var acls = snapshot.Single("Microsoft.Storage/storageAccounts")["properties"]!["networkAcls"]!;
        ((string?)acls["defaultAction"]).ShouldBe("Deny");
        ((string?)acls["bypass"]).ShouldBe("AzureServices", "Event Grid dead-letters as a trusted service with its system identity");
        acls["ipRules"]!.AsArray().Select(r => (string?)r!["value"]).ShouldBe(["203.0.113.0/24", "198.51.100.7"]);
        acls["virtualNetworkRules"]!.AsArray().Select(r => (string?)r!["id"]).ShouldBe([subnet]);
        ((string?)snapshot.Single("Microsoft.Web/sites")["properties"]!["virtualNetworkSubnetId"]).ShouldBe(subnet);
    }

    [Fact]
    public async Task Address_ranges_without_a_subnet_are_refused_because_they_would_lock_the_app_out()
    {
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("storageAllowedIpRanges", "203.0.113.0/24")));

        snapshot.Succeeded.ShouldBeFalse();
        snapshot.Messages.ShouldContain("would lock the function app out");
    }

    [Fact]
    public async Task A_range_that_opens_storage_to_every_address_is_refused()
    {
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("appSubnetId", "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworks/v/subnets/s"), ("storageAllowedIpRanges", "0.0.0.0/0")));

        snapshot.Succeeded.ShouldBeFalse();
        snapshot.Messages.ShouldContain("every network (/0) is never allowed");
    }

    // A role assignment's role, principal and scope: the role definition's guid, the principal (a literal
    // or a reference()), and the scope (in a snapshot, inside the assignment's id; compiled, its scope).
    private static string RoleId(JsonObject assignment) => ((string)assignment["properties"]!["roleDefinitionId"]!).Split('/')[^1];

    private static string Principal(JsonObject assignment) => (string)assignment["properties"]!["principalId"]!;

    private static string Scope(JsonObject assignment)
    {
        const string prefix = "[extensionResourceId('";
        return (string?)assignment["id"] is { } id && id.StartsWith(prefix, StringComparison.Ordinal)
            ? id[prefix.Length..id.IndexOf('\'', prefix.Length)]
            : (string)assignment["scope"]!;
    }
}
