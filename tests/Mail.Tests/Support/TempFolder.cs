namespace EmergencyFlow.Mail.Tests.Support;

/// <summary>A fresh folder under the system temp folder, removed with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("emergencyflow-mail-").FullName;

    public string[] Files(string pattern = "*") => Directory.GetFiles(Path, pattern);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a failing test; the system cleans temp folders eventually.
        }
    }
}
