using static TorchSharp.torch;

namespace BLoRA.Training.Tests;

/// <summary>
/// A test that needs a CUDA device. Without one (libtorch-cpu, the default here, or no GPU visible)
/// it is skipped and says so; on a GPU machine (README "GPU workers": BLORA_LIBTORCH_DIR pointing at a
/// CUDA libtorch) it runs. A libtorch that fails to load does not skip: the test then fails on the load.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CudaFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            TorchFixture.EnsureLoaded();
            return cuda.is_available();
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or InvalidOperationException)
        {
            return true;
        }
    });

    public CudaFactAttribute()
    {
        if (!Available.Value)
        {
            Skip = "no CUDA device: the loaded libtorch is CPU-only or no GPU is visible (on a GPU machine set BLORA_LIBTORCH_DIR to a CUDA libtorch)";
        }
    }
}
