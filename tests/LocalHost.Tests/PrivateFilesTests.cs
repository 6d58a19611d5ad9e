namespace EmergencyFlow.LocalHost.Tests;

/// <summary>The data folder holds emergencies, presence, contacts, emails and keys: nobody but the host's user may read it.</summary>
public sealed class PrivateFilesTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Every_file_and_folder_the_local_host_writes_is_its_users_only()
    {
        await using var host = await TestHost.StartAsync();
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));

        var entries = Directory.EnumerateFileSystemEntries(host.DataDirectory, "*", SearchOption.AllDirectories).Append(host.DataDirectory).ToList();

        entries.ShouldContain(e => e.EndsWith(".eml", StringComparison.Ordinal));
        entries.ShouldContain(e => e.EndsWith(".db", StringComparison.Ordinal));
        foreach (var entry in entries)
        {
            var mode = File.GetUnixFileMode(entry);
            (mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute))
                .ShouldBe((UnixFileMode)0, $"{entry} is {mode}");
        }
    }
}
