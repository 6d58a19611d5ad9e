using System.Diagnostics;
using System.Xml.Linq;

namespace EmergencyFlow.Infra.Tests;

/// <summary>
/// The repository's Directory.Build.props audits every package, transitive ones included: a known
/// vulnerability fails the restore, and an audit source that cannot be reached does not. Each test
/// restores a one-package probe project that imports that file, against a local audit source.
/// </summary>
public sealed class DependencyAuditTests
{
    private const int Low = 0;

    private static readonly string RepositoryRoot = Path.GetFullPath(Path.Combine(BicepCli.Root, "..", ".."));

    [Fact]
    public async Task A_package_with_a_known_low_severity_vulnerability_fails_the_restore_even_where_warnings_are_not_errors()
    {
        await using var feed = new VulnerabilityFeed(new Dictionary<string, int> { ["xunit.runner.visualstudio"] = Low });

        var restore = await RestoreProbeAsync("xunit.runner.visualstudio", feed.ServiceIndex, treatWarningsAsErrors: false);

        restore.ExitCode.ShouldNotBe(0, restore.Output);
        restore.Output.ShouldContain("error NU1901");
    }

    [Fact]
    public async Task A_vulnerable_package_that_comes_in_transitively_fails_the_restore()
    {
        // xunit brings xunit.assert; the probe never names it.
        await using var feed = new VulnerabilityFeed(new Dictionary<string, int> { ["xunit.assert"] = Low });

        var restore = await RestoreProbeAsync("xunit", feed.ServiceIndex, treatWarningsAsErrors: false);

        restore.ExitCode.ShouldNotBe(0, restore.Output);
        restore.Output.ShouldContain("error NU1901");
        restore.Output.ShouldContain("xunit.assert");
    }

    [Fact]
    public async Task An_audit_source_that_cannot_be_reached_leaves_a_warning_not_a_failed_build()
    {
        // Nothing listens on the discard port: NuGet reports NU1900 (and NU1905) and the build goes on.
        var restore = await RestoreProbeAsync("xunit.runner.visualstudio", "http://127.0.0.1:9/index.json", treatWarningsAsErrors: true);

        restore.ExitCode.ShouldBe(0, restore.Output);
        restore.Output.ShouldContain("warning NU1900");
    }

    // A project that imports the repository's Directory.Build.props and references one package at the
    // version the repository pins (already in the global packages folder after this project's restore).
    private static async Task<(int ExitCode, string Output)> RestoreProbeAsync(string package, string auditSource, bool treatWarningsAsErrors)
    {
        var directory = Directory.CreateTempSubdirectory("emergencyflow-audit-");
        try
        {
            var props = Path.Combine(RepositoryRoot, "Directory.Build.props");
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "Directory.Build.props"), $"""
                <Project>
                  <Import Project="{props}" />
                  <PropertyGroup>
                    <TreatWarningsAsErrors>{(treatWarningsAsErrors ? "true" : "false")}</TreatWarningsAsErrors>
                  </PropertyGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "Probe.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <ItemGroup>
                    <PackageReference Include="{package}" Version="{PinnedVersion(package)}" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <auditSources>
                    <clear />
                    <add key="probe" value="{auditSource}" allowInsecureConnections="true" />
                  </auditSources>
                </configuration>
                """);
            return await DotnetAsync(directory.FullName, "restore", "--force");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string PinnedVersion(string package) =>
        XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(p => string.Equals((string?)p.Attribute("Include"), package, StringComparison.OrdinalIgnoreCase))
            .Attribute("Version")!.Value;

    private static async Task<(int ExitCode, string Output)> DotnetAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
