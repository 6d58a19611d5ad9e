namespace EmergencyFlow.Infra.Tests;

internal static class InfraFiles
{
    /// <summary>Every .bicep file under infra/bicep, relative with forward slashes (as test cases name them).</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. Directory.EnumerateFiles(BicepCli.Root, "*.bicep", SearchOption.AllDirectories).Select(f => Relative(f, BicepCli.Root)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Bicep() => [.. All];

    public static string Relative(string path, string root) =>
        Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(path)).Replace(Path.DirectorySeparatorChar, '/');

    public static string Source(string file) => Path.Combine(BicepCli.Root, file);
}
