using System.Text.Json;
using BLoRA.Training.Runtime;

namespace BLoRA.Cli.Tests.Commands;

/// <summary>`blora doctor` in a child process: which libtorch gets loaded, and the errors when none can be.</summary>
public sealed class DoctorCommandTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("blora-doctor-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task Packaged_libtorch_is_loaded_from_the_application_folder()
    {
        var run = await CliProcess.RunAsync("doctor", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());

        var torch = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("torch");
        Assert.Equal("package", torch.GetProperty("source").GetString());
        var cpu = Assert.Single(Libraries(torch), p => p.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal));
        Assert.StartsWith(AppContext.BaseDirectory, cpu, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LibTorch_directory_setting_is_honoured()
    {
        // The restored libtorch-cpu package folder stands in for a PyTorch install's torch/lib.
        var dir = Path.Combine(CliProcess.NuGetPackageRoot, "libtorch-cpu-linux-x64", "2.10.0", "runtimes", "linux-x64", "native");
        Assert.True(File.Exists(Path.Combine(dir, "libtorch_cpu.so")), $"restored libtorch-cpu not found at {dir}");

        var run = await CliProcess.RunAsync(CliProcess.Muxer, new Dictionary<string, string?> { ["BLORA_LIBTORCH_DIR"] = dir }, "doctor", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());

        var torch = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("torch");
        Assert.Equal("directory", torch.GetProperty("source").GetString());
        Assert.Equal(dir, torch.GetProperty("libTorchDirectory").GetString());
        // Exactly one libtorch_cpu and one libc10 are mapped, both from the configured folder.
        Assert.Equal(Path.Combine(dir, "libtorch_cpu.so"), Assert.Single(Libraries(torch), p => p.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal)));
        Assert.Equal(Path.Combine(dir, "libc10.so"), Assert.Single(Libraries(torch), p => p.EndsWith("/libc10.so", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Config_file_key_sets_the_directory_too()
    {
        var config = Path.Combine(scratch, "config.json");
        var missing = Path.Combine(scratch, "torch", "lib");
        await File.WriteAllTextAsync(config, $$"""{ "Torch": { "LibTorchDirectory": "{{missing}}" } }""");

        var run = await CliProcess.RunAsync(CliProcess.Muxer, new Dictionary<string, string?> { ["BLORA_CONFIG"] = config }, "doctor");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"directory '{missing}' does not exist", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unloadable_library_gives_a_clear_error_not_a_TypeInitializationException()
    {
        foreach (var lib in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            await File.WriteAllTextAsync(Path.Combine(scratch, lib), "not an ELF file");
        }

        var run = await CliProcess.RunAsync(CliProcess.Muxer, new Dictionary<string, string?> { ["BLORA_LIBTORCH_DIR"] = scratch }, "doctor");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("TorchSharp's native runtime could not be loaded.", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"load {Path.Combine(scratch, "libc10.so")}", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("file too short", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("fix, one of:", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("TypeInitializationException", run.StandardError + run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Trace from LoadNativeBackend", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_muxer_either_loads_torch_or_names_the_missing_libstdcxx_symbol()
    {
        // The system's own dotnet, as a user would start it without ./blora.
        var host = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ResolveOnPath("dotnet")))!, "dotnet");
        var systemLib = NativeDiagnostics.SystemLibStdCxxPath();
        Assert.NotNull(systemLib);
        var hasSymbol = NativeDiagnostics.ExportsVersion(systemLib, NativeDiagnostics.RequiredGlibcxx);

        var run = await CliProcess.RunAsync(host, new Dictionary<string, string?>(), "doctor");

        if (hasSymbol)
        {
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        else
        {
            Assert.Equal(3, run.ExitCode);
            Assert.Contains("GLIBCXX_3.4.32' not found", run.StandardError, StringComparison.Ordinal);
            Assert.Contains("lacks GLIBCXX_3.4.32", run.StandardError, StringComparison.Ordinal);
            Assert.Contains("./blora", run.StandardError, StringComparison.Ordinal);
            // TorchSharp's own fallback (which copies libtorch into a cpu/ folder) never ran.
            Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "cpu")));
        }
    }

    private static string ResolveOnPath(string name)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(d => Path.Combine(d, name))
            .First(File.Exists);
        return new FileInfo(found).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? found;
    }

    private static IEnumerable<string> Libraries(JsonElement torch) =>
        torch.GetProperty("loadedLibraries").EnumerateArray().Select(e => e.GetString()!);
}
