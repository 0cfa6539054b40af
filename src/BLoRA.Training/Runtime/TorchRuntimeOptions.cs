namespace BLoRA.Training.Runtime;

/// <summary>
/// Where TorchSharp gets its native libtorch from. By default, the libtorch-cpu package that ships
/// with the application; with <see cref="LibTorchDirectory"/>, an existing libtorch such as a
/// PyTorch install's <c>torch/lib</c> (this is how GPU workers reach CUDA).
/// </summary>
public sealed record TorchRuntimeOptions
{
    /// <summary>The configuration section that binds to this record.</summary>
    public const string SectionName = "Torch";

    /// <summary>The configuration key of <see cref="LibTorchDirectory"/>.</summary>
    public const string LibTorchDirectoryKey = SectionName + ":" + nameof(LibTorchDirectory);

    /// <summary>The environment variable that sets <see cref="LibTorchDirectory"/>; it wins over configuration.</summary>
    public const string LibTorchDirectoryEnvironmentVariable = "BLORA_LIBTORCH_DIR";

    /// <summary>
    /// A directory holding libc10.so, libtorch_cpu.so and libtorch.so (plus libc10_cuda.so and
    /// libtorch_cuda.so for CUDA), loaded before the first torch call. Null: the packaged libtorch.
    /// </summary>
    public string? LibTorchDirectory { get; init; }
}
