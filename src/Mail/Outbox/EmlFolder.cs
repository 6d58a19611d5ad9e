using System.Diagnostics;
using System.Globalization;
using MimeKit;

namespace EmergencyFlow.Mail.Outbox;

/// <summary>
/// The mail folder: one .eml file per idempotency key, named from the key. A message is written to a temp file
/// inside the folder, flushed to the disk, then renamed to its final name: on one file system the rename is
/// atomic, so a reader (or a retry) sees the whole message or none, and when two attempts race the first
/// rename wins and the other's file is dropped. Temp files of a process that died are removed on first use.
/// </summary>
internal sealed class EmlFolder(string path, bool durable)
{
    /// <summary>On the relay sender's copy: the relay that accepted the message.</summary>
    public const string RelayHeader = "X-EmergencyFlow-Relay";

    /// <summary>On the relay sender's copy: the recipients the relay refused, so a retry returns the same receipt.</summary>
    public const string RefusedHeader = "X-EmergencyFlow-Refused-Recipients";

    private const string Extension = ".eml";
    private const string TempExtension = ".tmp";

    // Files are written as they travel: CRLF line ends, whatever the platform.
    private static readonly FormatOptions FileFormat = CreateFileFormat();

    private readonly Lock _gate = new();
    private volatile bool _ready;

    /// <summary>The folder.</summary>
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>A file name from the key: keys are made of instance-id characters and a step name.</summary>
    public static string FileNameFor(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        return new string(idempotencyKey.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()) + Extension;
    }

    /// <summary>
    /// Creates the folder and removes the temp files a crash left behind (this process's id from an earlier run,
    /// or a process that no longer runs); a temp file of another running process is its write in progress.
    /// Runs once; later calls return 0.
    /// </summary>
    /// <returns>How many temp files were removed.</returns>
    public int EnsureReady()
    {
        if (_ready)
        {
            return 0;
        }

        lock (_gate)
        {
            if (_ready)
            {
                return 0;
            }

            Directory.CreateDirectory(Path);
            var removed = 0;
            foreach (var temp in Directory.EnumerateFiles(Path, ".*" + TempExtension))
            {
                if (!WrittenByLiveProcess(temp) && TryDelete(temp))
                {
                    removed++;
                }
            }

            _ready = true;
            return removed;
        }
    }

    /// <summary>The final file of a key (whether or not it exists).</summary>
    public string FileFor(string idempotencyKey) => System.IO.Path.Combine(Path, FileNameFor(idempotencyKey));

    /// <summary>The final file of a key, or null when no attempt has written it.</summary>
    public string? Find(string idempotencyKey)
    {
        var file = FileFor(idempotencyKey);
        return File.Exists(file) ? file : null;
    }

    /// <summary>Writes the message as the key's file unless it exists.</summary>
    /// <returns>The final file, and whether this call wrote it (false: another attempt's file was there first and is kept).</returns>
    public (string File, bool Written) Write(MimeMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnsureReady();
        var file = FileFor(idempotencyKey);
        if (File.Exists(file))
        {
            return (file, false);
        }

        var stem = FileNameFor(idempotencyKey)[..^Extension.Length];
        var temp = System.IO.Path.Combine(Path, string.Create(CultureInfo.InvariantCulture, $".{Environment.ProcessId}.{Guid.NewGuid():N}.{stem}{TempExtension}"));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 16 * 1024))
            {
                message.WriteTo(FileFormat, stream, cancellationToken);

                // On the disk before it gets its final name: a crash leaves the whole message or a temp file.
                stream.Flush(flushToDisk: durable);
            }

            try
            {
                File.Move(temp, file, overwrite: false);
                return (file, true);
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another attempt of the same step got there first: its file is the message.
                return (file, false);
            }
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>The headers of a message file (the body is not read).</summary>
    public static HeaderList ReadHeaders(string file, CancellationToken cancellationToken) => HeaderList.Load(file, cancellationToken);

    /// <summary>Every message file.</summary>
    public IEnumerable<string> Files() =>
        Directory.Exists(Path) ? Directory.EnumerateFiles(Path, "*" + Extension) : [];

    private static bool WrittenByLiveProcess(string temp)
    {
        // ".{pid}.{random}.{key}.tmp"
        var name = System.IO.Path.GetFileName(temp);
        var end = name.IndexOf('.', 1);
        if (end < 0 || !int.TryParse(name.AsSpan(1, end - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || pid == Environment.ProcessId)
        {
            // Ours from an earlier run with the same id (a container's pid 1), or not a name this class writes.
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryDelete(string file)
    {
        try
        {
            if (!File.Exists(file))
            {
                return false;
            }

            File.Delete(file);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static FormatOptions CreateFileFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
