using System.Runtime.InteropServices;

namespace BLoRA.Training.Runtime;

/// <summary>
/// TorchSharp 0.107's temporary-scalar race (see <see cref="HeldScalars"/>): besides the numbers our
/// code passes, TorchSharp makes temporaries itself (the alpha of every <c>a + b</c> and <c>a - b</c>,
/// optimizers, functional ops), too many to hold by hand. A training step or evaluation that meets the
/// race fails before the operation writes anything, with libtorch's "Expected false to be true"
/// raised in <c>c10/core/Scalar.h</c>; work that can be redone from where it started (a step's forward,
/// backward and clipping, before the optimizer; an evaluation; a report) is redone here.
/// </summary>
public static class ScalarRace
{
    private static long retries;

    /// <summary>How many times work was redone in this process (for logs and tests).</summary>
    public static long Retries => Interlocked.Read(ref retries);

    /// <summary>Whether <paramref name="error"/> is the race: libtorch found a freed scalar.</summary>
    public static bool IsRace(Exception error) =>
        error is ExternalException && error.Message.Contains("c10/core/Scalar.h", StringComparison.Ordinal);

    /// <summary>Runs <paramref name="work"/>, again (up to <paramref name="attempts"/> in all) while it fails with the race.</summary>
    public static T Retry<T>(Func<T> work, int attempts = 20)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return work();
            }
            catch (Exception e) when (attempt < attempts && IsRace(e))
            {
                Interlocked.Increment(ref retries);
            }
        }
    }
}
