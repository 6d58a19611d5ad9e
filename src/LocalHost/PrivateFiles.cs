using System.Runtime.InteropServices;

namespace EmergencyFlow.LocalHost;

/// <summary>
/// The local host's data (the database with emergencies, presence and contacts, the .eml outbox, the keys) is for
/// its own user only: every file the process creates is 0600 and every folder 0700, and a data folder made by an
/// earlier version is tightened at start.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Files and folders this process creates from now on get no group or other permissions (the process umask, so
    /// SQLite's journal files and every .eml are covered without each writer remembering it).
    /// </summary>
    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(0b000_111_111);
        }
    }

    /// <summary>Creates <paramref name="directory"/> if needed and leaves it, and everything in it, readable by this user only.</summary>
    public static void Tighten(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        Directory.CreateDirectory(directory, PrivateFolder);
        File.SetUnixFileMode(directory, PrivateFolder);
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(entry, Directory.Exists(entry) ? PrivateFolder : PrivateFile);
        }
    }

    // libc's umask(2): no managed API sets the process's file creation mask.
    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint Umask(uint mask);
}
