using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EmergencyFlow.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed partial class ConventionTests(BicepRun run)
{
    private static readonly string RepositoryRoot = Path.GetFullPath(Path.Combine(BicepCli.Root, "..", ".."));

    [Fact]
    public void Modules_are_local_files_so_the_templates_build_offline()
    {
        var references = InfraFiles.All
            .SelectMany(file => ModuleReference().Matches(File.ReadAllText(InfraFiles.Source(file)))
                .Select(m => (File: file, Target: m.Groups["target"].Value)))
            .ToList();

        references.ShouldNotBeEmpty();
        references.Where(r => !File.Exists(Path.Combine(Path.GetDirectoryName(InfraFiles.Source(r.File))!, r.Target)))
            .Select(r => $"{r.File} -> {r.Target}")
            .ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(InfraFiles.Bicep), MemberType = typeof(InfraFiles))]
    public void No_template_opens_a_network_rule_to_every_address(string file) =>
        File.ReadAllText(InfraFiles.Source(file)).ShouldNotContain("0.0.0.0/0");

    [Theory]
    [MemberData(nameof(InfraFiles.Bicep), MemberType = typeof(InfraFiles))]
    public void No_template_reads_a_host_key_or_puts_a_key_in_a_url(string file)
    {
        var source = File.ReadAllText(InfraFiles.Source(file));

        source.ShouldNotContain("host/default", Case.Insensitive);
        source.ShouldNotContain("code=", Case.Insensitive);
    }

    [Fact]
    public void Azd_passes_only_parameters_main_declares_and_every_one_main_requires()
    {
        var declared = run.Compiled("main.bicep").ShouldNotBeNull()["parameters"]!.AsObject();
        var passed = AzdParameters();

        passed.Select(p => p.Key).Where(name => !declared.ContainsKey(name)).ShouldBeEmpty();
        declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key).Where(name => !passed.ContainsKey(name)).ShouldBeEmpty();
    }

    [Fact]
    public void Azd_fills_the_ops_key_from_its_environment_never_from_a_literal()
    {
        ((string?)AzdParameters()["opsKey"]!["value"]).ShouldBe("${OPS_KEY}");
    }

    [Fact]
    public void Every_azd_hook_is_an_executable_script_in_the_repository()
    {
        var hooks = HookScript().Matches(File.ReadAllText(Path.Combine(RepositoryRoot, "azure.yaml"))).Select(m => m.Groups["script"].Value).ToList();

        hooks.ShouldBe(["./scripts/azd/preprovision.sh", "./scripts/azd/postprovision.sh", "./scripts/azd/postdeploy.sh"]);
        foreach (var hook in hooks)
        {
            var path = Path.Combine(RepositoryRoot, hook);
            File.Exists(path).ShouldBeTrue(hook);
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute).ShouldBeTrue($"{hook} is not executable");
            }
        }
    }

    [Fact]
    public void The_ops_key_hook_never_prints_the_key()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot, "scripts", "azd", "preprovision.sh"));

        script.ShouldContain("openssl rand");
        EchoOfKey().IsMatch(script).ShouldBeFalse("no echo/printf of $OPS_KEY");
    }

    // Every value in main.parameters.json is a quoted ${NAME} or ${NAME=default} that azd substitutes, so it parses as it is.
    private static JsonObject AzdParameters()
    {
        var text = File.ReadAllText(Path.Combine(BicepCli.Root, "main.parameters.json"));
        return JsonNode.Parse(text)!["parameters"]!.AsObject();
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(?<target>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();

    [GeneratedRegex(@"^\s*run:\s*(?<script>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex HookScript();

    [GeneratedRegex(@"(echo|printf)[^\n]*\$\{?OPS_KEY")]
    private static partial Regex EchoOfKey();
}
