using System.Diagnostics;
using System.Reflection;

namespace EmergencyFlow.Infra.Tests;

/// <summary>The Bicep CLI that NuGet downloaded for this project (see Infra.Tests.csproj).</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Path { get; } = Metadata("BicepCli");

    /// <summary>infra/bicep of this repository.</summary>
    public static string Root { get; } = System.IO.Path.TrimEndingDirectorySeparator(Metadata("BicepRoot"));

    public static async Task<BicepResult> RunAsync(params string[] arguments)
    {
        EnsureExecutable();
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    // NuGet does not restore the execute bit on every platform or version.
    private static void EnsureExecutable()
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException($"The Bicep CLI is not where the package should have put it; run dotnet restore.", Path);
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(Path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(Path, mode | UnixFileMode.UserExecute);
        }
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing (set in Infra.Tests.csproj).");
}

internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError);
