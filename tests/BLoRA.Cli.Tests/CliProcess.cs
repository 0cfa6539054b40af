using System.Diagnostics;
using System.Reflection;

namespace BLoRA.Cli.Tests;

/// <summary>Runs the built `blora` CLI as a child process, so each run loads its own native runtime.</summary>
internal static class CliProcess
{
    /// <summary>The muxer this test process runs under: the TorchSharp-capable one when started by ./test.sh.</summary>
    public static string Muxer =>
        Environment.GetEnvironmentVariable("BLORA_DOTNET") is { Length: > 0 } fromScript ? fromScript
        : Environment.ProcessPath is { } self && Path.GetFileName(self) == "dotnet" ? self
        : "dotnet";

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "blora.dll");

    /// <summary>The NuGet global packages folder this project restored from.</summary>
    public static string NuGetPackageRoot =>
        typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;

    public static async Task<CliRun> RunAsync(string muxer, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo(muxer)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("BLORA_LIBTORCH_DIR");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliRun> RunAsync(params string[] args) =>
        RunAsync(Muxer, new Dictionary<string, string?>(), args);
}
