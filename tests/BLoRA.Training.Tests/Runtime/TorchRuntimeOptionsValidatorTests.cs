using BLoRA.Training.Runtime;

namespace BLoRA.Training.Tests.Runtime;

public sealed class TorchRuntimeOptionsValidatorTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("blora-libtorch-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void No_directory_means_the_packaged_libtorch_and_is_valid()
    {
        var result = new TorchRuntimeOptionsValidator().Validate(null, new TorchRuntimeOptions());
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Missing_directory_names_the_key_and_the_path()
    {
        var missing = Path.Combine(dir, "nope");
        var problems = TorchRuntimeOptionsValidator.Problems(new TorchRuntimeOptions { LibTorchDirectory = missing });
        var problem = Assert.Single(problems);
        Assert.Contains("Torch:LibTorchDirectory", problem, StringComparison.Ordinal);
        Assert.Contains("BLORA_LIBTORCH_DIR", problem, StringComparison.Ordinal);
        Assert.Contains(missing, problem, StringComparison.Ordinal);
        Assert.Contains("does not exist", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_missing_library_is_listed_at_once()
    {
        File.WriteAllText(Path.Combine(dir, "libc10.so"), "");
        var result = new TorchRuntimeOptionsValidator().Validate(null, new TorchRuntimeOptions { LibTorchDirectory = dir });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.Contains("libtorch_cpu.so", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("libtorch.so", StringComparison.Ordinal));
    }

    [Fact]
    public void Blank_directory_is_an_error_not_the_current_directory()
    {
        var problems = TorchRuntimeOptionsValidator.Problems(new TorchRuntimeOptions { LibTorchDirectory = "  " });
        Assert.Contains("is empty", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_directory_is_valid()
    {
        foreach (var lib in TorchRuntimeOptionsValidator.RequiredLibraries)
        {
            File.WriteAllText(Path.Combine(dir, lib), "");
        }

        Assert.Empty(TorchRuntimeOptionsValidator.Problems(new TorchRuntimeOptions { LibTorchDirectory = dir }));
    }
}
