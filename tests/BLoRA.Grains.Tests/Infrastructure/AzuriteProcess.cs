using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BLoRA.Grains.Tests.Infrastructure;

/// <summary>
/// An Azurite process owned by one test, on ports of its own, that the test stops (SIGTERM: Azurite
/// saves its data and exits, as a storage service going away) and starts again on the same ports and
/// data folder. Uses the Azurite that scripts/azurite.sh installs (.tools/azurite, or BLORA_AZURITE_DIR).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string location = Directory.CreateTempSubdirectory("blora-azurite-test-").FullName;
    private readonly int blobPort = FreePort();
    private readonly int queuePort = FreePort();
    private readonly int tablePort = FreePort();
    private Process? process;

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");

    public static async Task<AzuriteProcess> StartNewAsync()
    {
        var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        return azurite;
    }

    /// <summary>Starts Azurite (again) on this instance's ports and data folder; returns once blob and table ports accept connections.</summary>
    public async Task StartAsync()
    {
        if (process is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo(Executable())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--location", location,
                     "--blobHost", "127.0.0.1", "--blobPort", Port(blobPort), "--queueHost", "127.0.0.1", "--queuePort", Port(queuePort),
                     "--tableHost", "127.0.0.1", "--tablePort", Port(tablePort),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await AcceptsAsync(blobPort) || !await AcceptsAsync(tablePort))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite ({start.FileName}) did not start listening on 127.0.0.1:{blobPort} (exited: {process.HasExited}).");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops Azurite the way a service stops (SIGTERM); its ports refuse connections until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(location, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Executable()
    {
        var dir = Environment.GetEnvironmentVariable("BLORA_AZURITE_DIR");
        if (string.IsNullOrEmpty(dir))
        {
            var repo = new DirectoryInfo(AppContext.BaseDirectory);
            while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "BLoRA.Cluster.sln")))
            {
                repo = repo.Parent;
            }

            dir = repo is null ? "" : Path.Combine(repo.FullName, ".tools", "azurite");
        }

        var bin = Path.Combine(dir, "node_modules", ".bin", "azurite");
        return File.Exists(bin) ? bin : throw new InvalidOperationException(
            $"this test starts and stops its own Azurite, and found none at {bin}: run ./test.sh once (it installs Azurite), " +
            "or `source scripts/azurite.sh && azurite_install`, or set BLORA_AZURITE_DIR to the folder holding node_modules/.bin/azurite.");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
