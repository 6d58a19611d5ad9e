using System.Text.RegularExpressions;

namespace EmergencyFlow.Infra.Tests;

/// <summary>What main.bicep gives the app: its settings, the ops key, the email domain.</summary>
[Collection(BicepCollection.Name)]
public sealed partial class MainTemplateTests(BicepRun run, ProductionSnapshots production)
{
    [Fact]
    public void Main_outputs_are_upper_snake_case_so_azd_turns_them_into_environment_variables()
    {
        var outputs = run.Compiled("main.bicep").ShouldNotBeNull()["outputs"].ShouldNotBeNull().AsObject();

        outputs.Count.ShouldBeGreaterThan(0);
        outputs.Select(o => o.Key).Where(name => !UpperSnake().IsMatch(name)).ShouldBeEmpty();
    }

    [Fact]
    public void A_pool_of_a_thousand_numbers_deploys_and_only_seeds_the_app()
    {
        production.Main.Succeeded.ShouldBeTrue(production.Main.Messages);

        production.Main.AppSettings["EmergencyFlow__SeedPoolNumbers"].ShouldBe(string.Join(',', Deployments.Pool(ProductionSnapshots.PoolSize)));
        var elsewhere = production.Main.Resources
            .Where(r => (string?)r["type"] != "Microsoft.Web/sites")
            .Where(r => r.ToJsonString().Contains(Deployments.Pool(ProductionSnapshots.PoolSize)[^1], StringComparison.Ordinal))
            .Select(r => (string?)r["type"]);
        elsewhere.ShouldBeEmpty("no filter or other resource enumerates the pool");
    }

    [Fact]
    public async Task A_seed_number_that_is_not_e164_is_refused()
    {
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("poolNumbers", "+14255550123,4255550124")));

        snapshot.Succeeded.ShouldBeFalse();
        snapshot.Messages.ShouldContain("poolNumbers must be E.164 numbers");
    }

    [Fact]
    public void The_ops_key_is_a_secure_parameter_that_reaches_the_app_setting_and_no_output()
    {
        var template = run.Compiled("main.bicep").ShouldNotBeNull();

        ((string?)template["parameters"]!["opsKey"]!["type"]).ShouldBe("securestring");
        template["parameters"]!["opsKey"]!["defaultValue"].ShouldBeNull();
        ((string?)run.Compiled("modules/functionapp.bicep")!["parameters"]!["opsKey"]!["type"]).ShouldBe("securestring", "a plain module parameter would show the key in the deployment's inputs");
        template["outputs"]!.ToJsonString().ShouldNotContain("opsKey");
        // A snapshot leaves secure values unevaluated: the setting is the secure parameter itself.
        production.Main.AppSettings["EmergencyFlow__OpsKey"].ShouldBe("[parameters('opsKey')]");
        production.Main.Outputs.ToJsonString().ShouldNotContain("opsKey");
        production.Main.Outputs.ToJsonString().ShouldNotContain(Deployments.OpsKey);
    }

    [Fact]
    public void The_ops_key_travels_to_the_function_app_module_only_as_its_secure_parameter()
    {
        var functionApp = run.Compiled("main.bicep")!["resources"]!["functionApp"]!["properties"]!["parameters"]!;

        ((string?)functionApp["opsKey"]!["value"]).ShouldBe("[parameters('opsKey')]");
        functionApp["emergencyFlowSettings"]!.ToJsonString().ShouldNotContain("opsKey");
    }

    [Fact]
    public void The_callback_fallback_target_is_required_and_reaches_the_app()
    {
        run.Compiled("main.bicep")!["parameters"]!["callbackFallbackTarget"]!["defaultValue"].ShouldBeNull("a deployment without a fallback must not start");

        production.Main.AppSettings["EmergencyFlow__CallbackFallbackTarget"].ShouldBe(Deployments.FallbackTarget);
    }

    [Theory]
    [InlineData("8:acs:1c6e9d5e-0000-0000-0000-000000000001_00000020-0000-0000-0000-000000000000")]
    [InlineData("8:orgid:6f4d0a3e-0000-0000-0000-000000000002")]
    [InlineData("4:+442071838750")]
    public async Task An_acs_raw_id_is_accepted_as_the_fallback_target(string target)
    {
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("callbackFallbackTarget", target)));

        snapshot.AppSettings["EmergencyFlow__CallbackFallbackTarget"].ShouldBe(target);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4255550100")]
    [InlineData("+1 425 555 0100")]
    [InlineData("queue:main")]
    [InlineData("28:orgid:6f4d0a3e-0000-0000-0000-000000000002")] // a Teams app id: the app's own validation does not take it
    public async Task A_fallback_target_that_is_neither_e164_nor_a_raw_id_is_refused(string target)
    {
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("callbackFallbackTarget", target)));

        snapshot.Succeeded.ShouldBeFalse();
        snapshot.Messages.ShouldContain("callbackFallbackTarget must be an E.164 number");
    }

    [Fact]
    public void The_app_is_alerted_after_thirty_minutes_without_an_end_signal_unless_told_otherwise()
    {
        production.Main.AppSettings["EmergencyFlow__CallEndSilenceAlertMinutes"].ShouldBe("30");
    }

    [Fact]
    public void Without_a_custom_domain_the_app_is_told_it_sends_from_the_azure_managed_domain()
    {
        production.Main.AppSettings["EmergencyFlow__EmailDomainKind"].ShouldBe("AzureManaged");
        production.Main.OfType("Microsoft.Communication/emailServices/domains")
            .Select(d => (string?)d["properties"]!["domainManagement"]).ShouldBe(["AzureManaged"]);
    }

    [Fact]
    public async Task An_unverified_custom_domain_is_created_and_its_dns_records_output_while_the_managed_domain_still_sends()
    {
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("emailDomainName", "alerts.contoso.com")));

        var custom = snapshot.OfType("Microsoft.Communication/emailServices/domains").Single(d => (string?)d["properties"]!["domainManagement"] == "CustomerManaged");
        ((string)custom["name"]!).ShouldEndWith("/alerts.contoso.com");
        ((string?)custom["properties"]!["userEngagementTracking"]).ShouldBe("Disabled");
        LinkedDomains(snapshot).ShouldAllBe(d => d.EndsWith("/AzureManagedDomain", StringComparison.Ordinal), "ACS links verified domains only");
        snapshot.AppSettings["EmergencyFlow__EmailDomainKind"].ShouldBe("AzureManaged");
        ((string?)snapshot.Outputs["EMAIL_DOMAIN_VERIFICATION_RECORDS"]).ShouldNotBeNull().ShouldContain("/domains/alerts.contoso.com");
        ((string?)snapshot.Outputs["EMAIL_DOMAIN_VERIFICATION_RECORDS"]).ShouldEndWith(".verificationRecords]");
    }

    [Fact]
    public async Task A_verified_custom_domain_is_linked_and_becomes_the_sender()
    {
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("emailDomainName", "alerts.contoso.com"), ("emailDomainVerified", true)));

        LinkedDomains(snapshot).ShouldContain(d => d.EndsWith("/domains/alerts.contoso.com", StringComparison.Ordinal));
        snapshot.AppSettings["EmergencyFlow__EmailDomainKind"].ShouldBe("Custom");
        snapshot.AppSettings["EmergencyFlow__SenderAddress"].ShouldContain("/domains/alerts.contoso.com");
    }

    private static IEnumerable<string> LinkedDomains(Snapshot snapshot) =>
        snapshot.Single("Microsoft.Communication/communicationServices")["properties"]!["linkedDomains"]!.AsArray().Select(d => (string)d!);

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex UpperSnake();
}
