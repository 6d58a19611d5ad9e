using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EmergencyFlow.Testing;

/// <summary>
/// An Azurite process for the tests: in memory, on free loopback ports, started from the repository's
/// .tools/ (installed there by scripts/install-azurite.sh, which this runs when it is missing), and
/// killed with its children when disposed.
/// </summary>
internal sealed class AzuriteServer : IAsyncDisposable
{
    // Azurite's documented development account; the key is public and the same on every machine.
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly StringBuilder output;

    private AzuriteServer(Process process, StringBuilder output, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        this.output = output;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteServer> StartAsync()
    {
        var executable = await LocateOrInstallAsync();

        // A free port can be taken between finding it and Azurite binding it: try again with new ones.
        for (var attempt = 1; ; attempt++)
        {
            var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
            var output = new StringBuilder();
            var process = Start(executable, blob, queue, table, output);
            if (await AnswersAsync(process, blob, queue, table))
            {
                return new AzuriteServer(process, output, blob, queue, table);
            }

            Stop(process);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite did not start on 127.0.0.1. Its output:\n{output}");
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop(process);
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"Azurite (pid {process.Id}): {output}";

    private static Process Start(string executable, int blob, int queue, int table, StringBuilder output)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // --inMemoryPersistence keeps nothing on disk, but Azurite still resolves paths from here.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
        {
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Should the test run be killed, do not leave Azurite behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);
        return process;
    }

    private static async Task<bool> AnswersAsync(Process process, params int[] ports)
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        foreach (var port in ports)
        {
            while (true)
            {
                if (process.HasExited)
                {
                    return false;
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                    break;
                }
                catch (SocketException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static async Task<string> LocateOrInstallAsync()
    {
        var root = RepositoryRoot();
        var executable = Path.Combine(root, ".tools", "node_modules", ".bin", "azurite");
        if (File.Exists(executable))
        {
            return executable;
        }

        var install = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        install.ArgumentList.Add(Path.Combine(root, "scripts", "install-azurite.sh"));
        using var installer = Process.Start(install) ?? throw new InvalidOperationException("Could not run scripts/install-azurite.sh.");
        var errors = installer.StandardError.ReadToEndAsync();
        await installer.StandardOutput.ReadToEndAsync();
        await installer.WaitForExitAsync();
        return installer.ExitCode == 0 && File.Exists(executable)
            ? executable
            : throw new InvalidOperationException($"scripts/install-azurite.sh failed: {await errors}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EmergencyFlow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: no EmergencyFlow.sln above " + AppContext.BaseDirectory);
    }
}
