using BLoRA.Deploy.Tests.Infrastructure;

namespace BLoRA.Deploy.Tests.Build;

/// <summary>
/// The libtorch switch of src/BLoRA.Training (MSBuild property BLoRATorchBackend), evaluated with MSBuild (no restore:
/// TorchSharp-cuda-linux is not served by this machine's feed, so only the evaluation is checked here).
/// </summary>
public sealed class TorchBackendSwitchTests
{
    private const string Project = "src/BLoRA.Training/BLoRA.Training.csproj";

    [Fact]
    public async Task Each_backend_references_its_libtorch_and_a_wrong_one_fails_with_the_choices()
    {
        var runs = new[] { "cuda", "external", "gpu" }.Select(backend => Task.Run(() => (backend, result: backend == "gpu"
            ? Dotnet("msbuild", Repo.Path(Project), "-nologo", "-t:BLoRACheckTorchBackend", $"-p:BLoRATorchBackend={backend}")
            : Dotnet("msbuild", Repo.Path(Project), "-nologo", "-getItem:PackageReference", $"-p:BLoRATorchBackend={backend}")))).ToArray();
        var results = (await Task.WhenAll(runs)).ToDictionary(r => r.backend, r => r.result, StringComparer.Ordinal);

        var cuda = results["cuda"];
        Assert.True(cuda.ExitCode == 0, cuda.Describe("msbuild -getItem (cuda)"));
        Assert.Contains("\"Identity\": \"TorchSharp-cuda-linux\"", cuda.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Identity\": \"libtorch-cpu-linux-x64\"", cuda.StdOut, StringComparison.Ordinal);

        var external = results["external"];
        Assert.True(external.ExitCode == 0, external.Describe("msbuild -getItem (external)"));
        Assert.Contains("\"Identity\": \"TorchSharp\"", external.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("libtorch-cpu-linux-x64", external.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("TorchSharp-cuda-linux", external.StdOut, StringComparison.Ordinal);

        var wrong = results["gpu"];
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("BLoRATorchBackend is 'gpu'; set cpu", wrong.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_build_keeps_libtorch_cpu_and_cuda_has_a_central_version()
    {
        // This test assembly was built with the default: its output carries libtorch-cpu's native library.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch_cpu.so")) ||
                    File.Exists(Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so")), "the default build no longer ships libtorch-cpu");
        var props = System.Xml.Linq.XDocument.Load(Repo.Path("Directory.Packages.props"));
        var versions = props.Descendants("PackageVersion").ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value, StringComparer.Ordinal);
        Assert.Equal(versions["TorchSharp"], versions["TorchSharp-cuda-linux"]);
    }

    private static ProcessResult Dotnet(params string[] arguments)
    {
        var dotnet = System.Environment.GetEnvironmentVariable("BLORA_DOTNET") is { Length: > 0 } d ? d
            : System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        return Processes.Run(dotnet, arguments, timeout: TimeSpan.FromMinutes(3));
    }
}
