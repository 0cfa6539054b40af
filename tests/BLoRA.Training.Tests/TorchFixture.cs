using BLoRA.Training.Runtime;

namespace BLoRA.Training.Tests;

/// <summary>Loads the native runtime the way the product does, once per test process.</summary>
internal static class TorchFixture
{
    public static TorchRuntimeInfo EnsureLoaded() => TorchRuntime.EnsureInitialized();
}
