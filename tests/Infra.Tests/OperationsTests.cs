using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EmergencyFlow.Infra.Tests;

/// <summary>Alerts that reach the operators, and how long personal data and logs are kept.</summary>
[Collection(BicepCollection.Name)]
public sealed partial class OperationsTests(ProductionSnapshots production)
{
    [Fact]
    public void The_operator_alert_rule_matches_the_critical_record_the_app_logs()
    {
        var (level, template) = OperatorAlertLogMessage();
        var query = (string)AlertRule()["properties"]!["criteria"]!["allOf"]![0]!["query"]!;

        level.ShouldBe("Critical");
        query.ShouldContain("severityLevel == 4", Case.Sensitive, "Application Insights stores Critical as severity 4");
        var phrase = LeadingText().Match(template).Value.Trim();
        phrase.ShouldNotBeNullOrWhiteSpace();
        query.ShouldContain($"message has \"{phrase}\"");
        foreach (var dimension in AlertRule()["properties"]!["criteria"]!["allOf"]![0]!["dimensions"]!.AsArray().Select(d => (string)d!["name"]!))
        {
            template.ShouldContain($"{{{dimension}}}", Case.Sensitive, $"the rule splits by {dimension}, so the app must log it as a property");
        }
    }

    [Fact]
    public void Each_operator_alert_notifies_the_operators_once_even_while_another_is_firing()
    {
        var rule = AlertRule()["properties"]!;

        ((int)rule["severity"]!).ShouldBe(1);
        rule["criteria"]!["allOf"]![0]!["dimensions"]!.AsArray().Select(d => (string?)d!["name"]).ShouldContain("AlertKey");
        rule["actions"]!["actionGroups"]!.AsArray().ShouldHaveSingleItem();
        ((string?)production.Main.Single("Microsoft.Insights/actionGroups")["properties"]!["emailReceivers"]![0]!["emailAddress"]).ShouldBe(Deployments.OperatorEmail);
    }

    [Fact]
    public void An_event_that_event_grid_could_not_deliver_alerts_the_operators()
    {
        var alerts = production.Main.OfType("Microsoft.Insights/metricAlerts");

        var watched = alerts.Select(a => (Topic: ((string)a["properties"]!["scopes"]![0]!).Split('/')[^2], Metric: (string)a["properties"]!["criteria"]!["allOf"]![0]!["metricName"]!)).ToList();
        watched.ShouldBe(
        [
            ("systemTopics", "DeadLetteredCount"),
            ("systemTopics", "DroppedEventCount"),
            ("topics", "DeadLetteredCount"),
            ("topics", "DroppedEventCount"),
        ], ignoreOrder: true);
        alerts.ShouldAllBe(a => (double)a["properties"]!["criteria"]!["allOf"]![0]!["threshold"]! == 0);
    }

    [Fact]
    public async Task Without_an_operator_address_there_is_no_alert_to_send()
    {
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("operatorEmail", "")));

        snapshot.OfType("Microsoft.Insights/scheduledQueryRules").ShouldBeEmpty();
        snapshot.OfType("Microsoft.Insights/metricAlerts").ShouldBeEmpty();
    }

    [Fact]
    public async Task Dead_letters_and_orphaned_orchestration_payloads_are_deleted_after_the_retention_period()
    {
        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("retentionDays", 14)));

        var rules = snapshot.Single("Microsoft.Storage/storageAccounts/managementPolicies")["properties"]!["policy"]!["rules"]!.AsArray()
            .ToDictionary(r => (string)r!["definition"]!["filters"]!["prefixMatch"]![0]!, r => (int)r!["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]!, StringComparer.Ordinal);
        var taskHub = snapshot.AppSettings["TASKHUB_NAME"];
        rules["deadletter/"].ShouldBe(14);
        rules[$"{taskHub.ToLowerInvariant()}-largemessages/"].ShouldBe(16, "two days after, so a lifecycle still running never loses its payload");
        snapshot.AppSettings["EmergencyFlow__RetentionDays"].ShouldBe("14");
    }

    [Fact]
    public async Task Logs_are_kept_as_long_as_configured()
    {
        production.Main.Single("Microsoft.OperationalInsights/workspaces")["properties"]!["retentionInDays"]!.GetValue<int>().ShouldBe(30);

        var snapshot = await BicepSnapshot.RunAsync("main.bicep", Deployments.ForMain(("logRetentionDays", 90)));

        snapshot.Single("Microsoft.OperationalInsights/workspaces")["properties"]!["retentionInDays"]!.GetValue<int>().ShouldBe(90);
    }

    private JsonObject AlertRule() => production.Main.Single("Microsoft.Insights/scheduledQueryRules");

    // The [LoggerMessage] of the IOperatorAlerts implementation the Functions app registers, wherever it lives.
    private static (string Level, string Template) OperatorAlertLogMessage()
    {
        var src = Path.GetFullPath(Path.Combine(BicepCli.Root, "..", "..", "src"));
        var registration = AlertsRegistration().Match(File.ReadAllText(Path.Combine(src, "Functions", "Program.cs")));
        registration.Success.ShouldBeTrue("src/Functions/Program.cs registers an IOperatorAlerts implementation");
        var name = registration.Groups["type"].Value;
        var declaring = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .Where(text => Regex.IsMatch(text, $@"\bclass\s+{Regex.Escape(name)}\b"))
            .ToList();
        var source = declaring.ShouldHaveSingleItem($"one file in src declares {name}");
        var message = LoggerMessage().Matches(source).ShouldHaveSingleItem($"{name} logs each alert with one [LoggerMessage]");
        return (message.Groups["level"].Value, message.Groups["message"].Value);
    }

    [GeneratedRegex(@"AddSingleton<IOperatorAlerts,\s*(?<type>\w+)>")]
    private static partial Regex AlertsRegistration();

    [GeneratedRegex(@"\[LoggerMessage\(Level\s*=\s*LogLevel\.(?<level>\w+),\s*Message\s*=\s*""(?<message>[^""]+)""\)\]")]
    private static partial Regex LoggerMessage();

    // The literal text before the first placeholder.
    [GeneratedRegex(@"^[^{]+")]
    private static partial Regex LeadingText();
}
