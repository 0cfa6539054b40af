namespace BLoRA.Training.Runtime;

/// <summary>What <see cref="TorchRuntime"/> loaded, for `blora doctor` and logs.</summary>
/// <param name="Source">"package" (libtorch-cpu shipped with the app) or "directory".</param>
/// <param name="LibTorchDirectory">The configured libtorch directory, when <paramref name="Source"/> is "directory".</param>
/// <param name="LoadedLibraries">Full paths of the torch libraries mapped into this process.</param>
/// <param name="CudaAvailable">Whether libtorch sees a CUDA device.</param>
/// <param name="CudaDeviceCount">How many CUDA devices libtorch sees.</param>
/// <param name="TorchSharpVersion">The TorchSharp assembly version.</param>
public sealed record TorchRuntimeInfo(
    string Source,
    string? LibTorchDirectory,
    IReadOnlyList<string> LoadedLibraries,
    bool CudaAvailable,
    int CudaDeviceCount,
    string TorchSharpVersion);
