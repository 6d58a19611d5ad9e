using System.Text.Json.Nodes;

namespace EmergencyFlow.Infra.Tests;

/// <summary>
/// One `bicep build` and one `bicep lint` over every file, shared by all tests: the CLI starts in
/// about two seconds, so running it per file and per command would take most of a minute.
/// </summary>
public sealed class BicepRun : IAsyncLifetime
{
    private const string AllFiles = "**/*.bicep";

    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("emergencyflow-bicep-");

    internal BicepResult Build { get; private set; } = null!;

    internal BicepResult Lint { get; private set; } = null!;

    internal IReadOnlyList<BicepDiagnostic> BuildDiagnostics { get; private set; } = [];

    internal IReadOnlyList<BicepDiagnostic> LintDiagnostics { get; private set; } = [];

    public async Task InitializeAsync()
    {
        // --no-restore: a registry module (br:, ts:) cannot be restored offline, so it fails here too.
        var build = BicepCli.RunAsync("build", "--pattern", AllFiles, "--outdir", _output.FullName, "--no-restore", "--diagnostics-format", "sarif");
        var lint = BicepCli.RunAsync("lint", "--pattern", AllFiles, "--no-restore", "--diagnostics-format", "sarif");
        Build = await build;
        Lint = await lint;
        BuildDiagnostics = Diagnostics(Build);
        LintDiagnostics = Diagnostics(Lint);
    }

    // build writes its SARIF to stderr, lint to stdout; a module's diagnostics come once per file that uses it.
    private static IReadOnlyList<BicepDiagnostic> Diagnostics(BicepResult result) =>
        [.. BicepDiagnostic.ParseSarif(result.StandardOutput, BicepCli.Root).Concat(BicepDiagnostic.ParseSarif(result.StandardError, BicepCli.Root)).Distinct()];

    /// <summary>The ARM template compiled from a .bicep file, or null when it did not compile.</summary>
    internal JsonObject? Compiled(string file)
    {
        var path = Path.Combine(_output.FullName, Path.ChangeExtension(file, ".json"));
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : null;
    }

    public Task DisposeAsync()
    {
        _output.Delete(recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepRun>, ICollectionFixture<ProductionSnapshots>
{
    public const string Name = "bicep";
}
