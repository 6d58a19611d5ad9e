namespace EmergencyFlow.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class BicepFileTests(BicepRun run)
{
    [Theory]
    [MemberData(nameof(InfraFiles.Bicep), MemberType = typeof(InfraFiles))]
    public void Every_bicep_file_compiles_without_errors_or_warnings(string file)
    {
        run.BuildDiagnostics.Where(d => d.File == file).ShouldBeEmpty();
        run.Compiled(file).ShouldNotBeNull($"bicep build wrote no template for {file}");
    }

    [Theory]
    [MemberData(nameof(InfraFiles.Bicep), MemberType = typeof(InfraFiles))]
    public void Every_bicep_file_lints_without_errors_or_warnings(string file) =>
        run.LintDiagnostics.Where(d => d.File == file).ShouldBeEmpty();

    [Fact]
    public void Bicep_build_and_lint_succeed_over_the_whole_folder()
    {
        run.Build.ExitCode.ShouldBe(0, run.Build.StandardError);
        run.Lint.ExitCode.ShouldBe(0, run.Lint.StandardError);
    }

    [Theory]
    [MemberData(nameof(InfraFiles.Bicep), MemberType = typeof(InfraFiles))]
    public void Every_parameter_has_a_description(string file)
    {
        var template = run.Compiled(file).ShouldNotBeNull();

        var undescribed = (template["parameters"]?.AsObject() ?? [])
            .Where(p => string.IsNullOrWhiteSpace((string?)p.Value?["metadata"]?["description"]))
            .Select(p => p.Key);

        undescribed.ShouldBeEmpty();
    }
}
