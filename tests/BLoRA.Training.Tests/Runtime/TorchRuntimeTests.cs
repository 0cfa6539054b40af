using BLoRA.Training.Runtime;
using Microsoft.Extensions.Configuration;

namespace BLoRA.Training.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Runtime_loads_the_packaged_libtorch_here()
    {
        var info = TorchFixture.EnsureLoaded();
        Assert.Equal("package", info.Source);
        Assert.Contains(info.LoadedLibraries, p => p.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal)
                                                   && p.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal));
        Assert.Single(info.LoadedLibraries, p => p.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal));
    }

    [Fact]
    public void Configuration_key_sets_the_directory()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Torch:LibTorchDirectory"] = "/opt/torch/lib" })
            .Build();
        var fromEnv = Environment.GetEnvironmentVariable(TorchRuntimeOptions.LibTorchDirectoryEnvironmentVariable);
        var options = TorchRuntime.ResolveOptions(config);
        Assert.Equal(string.IsNullOrEmpty(fromEnv) ? "/opt/torch/lib" : fromEnv, options.LibTorchDirectory);
    }

    [Fact]
    public void Failure_says_what_was_tried_what_failed_and_what_to_do()
    {
        var error = TorchRuntime.Failure(["load /x/libc10.so"], "/x/libc10.so: file too short");
        Assert.Contains("could not be loaded", error.Message, StringComparison.Ordinal);
        Assert.Contains("tried:", error.Message, StringComparison.Ordinal);
        Assert.Contains("load /x/libc10.so", error.Message, StringComparison.Ordinal);
        Assert.Contains("failed: /x/libc10.so: file too short", error.Message, StringComparison.Ordinal);
        Assert.Contains("C++ runtime:", error.Message, StringComparison.Ordinal);
        Assert.Contains("./blora", error.Message, StringComparison.Ordinal);
        Assert.Contains("BLORA_LIBTORCH_DIR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LibStdCxx_check_finds_the_version_it_looks_for()
    {
        var path = NativeDiagnostics.LibStdCxxPath();
        Assert.NotNull(path);
        Assert.True(NativeDiagnostics.ExportsVersion(path, "GLIBCXX_3.4"));
        Assert.False(NativeDiagnostics.ExportsVersion(path, "GLIBCXX_99.9.99"));
    }
}
