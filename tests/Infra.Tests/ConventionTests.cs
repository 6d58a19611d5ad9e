using System.Text.RegularExpressions;

namespace EmergencyFlow.Infra.Tests;

public sealed partial class ConventionTests
{
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

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(?<target>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();
}
