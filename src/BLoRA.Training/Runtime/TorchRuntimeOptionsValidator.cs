using Microsoft.Extensions.Options;

namespace BLoRA.Training.Runtime;

/// <summary>Lists every problem with <see cref="TorchRuntimeOptions"/>, each naming the key to set.</summary>
public sealed class TorchRuntimeOptionsValidator : IValidateOptions<TorchRuntimeOptions>
{
    /// <summary>The libraries a libtorch directory must hold, in load order.</summary>
    public static IReadOnlyList<string> RequiredLibraries { get; } = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    /// <summary>CUDA libraries loaded when present (after the CPU ones, before libtorch.so).</summary>
    public static IReadOnlyList<string> OptionalCudaLibraries { get; } = ["libc10_cuda.so", "libtorch_cuda.so"];

    public ValidateOptionsResult Validate(string? name, TorchRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Problems(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem, empty when the options are usable.</summary>
    public static IReadOnlyList<string> Problems(TorchRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var dir = options.LibTorchDirectory;
        if (dir is null)
        {
            return failures;
        }

        var where = $"{TorchRuntimeOptions.LibTorchDirectoryKey} (env {TorchRuntimeOptions.LibTorchDirectoryEnvironmentVariable})";
        if (string.IsNullOrWhiteSpace(dir))
        {
            failures.Add($"{where}: is empty; set it to a libtorch lib directory (e.g. <python site-packages>/torch/lib) or unset it to use the packaged libtorch.");
            return failures;
        }

        if (!Directory.Exists(dir))
        {
            failures.Add($"{where}: directory '{dir}' does not exist; set it to a libtorch lib directory (e.g. <python site-packages>/torch/lib).");
            return failures;
        }

        foreach (var lib in RequiredLibraries)
        {
            if (!File.Exists(Path.Combine(dir, lib)))
            {
                failures.Add($"{where}: '{dir}' has no {lib}; point it at the folder that holds libtorch's shared libraries (a PyTorch install's torch/lib).");
            }
        }

        return failures;
    }
}
