using TorchSharp;

namespace BLoRA.Training.Runtime;

/// <summary>
/// Scalars that live as long as the process, for the constant numbers tensor operations take.
/// <para>
/// TorchSharp 0.107 turns a plain number passed to a tensor operation (<c>x * 0.5</c>, <c>x.add(1)</c>)
/// into a temporary <see cref="Scalar"/> whose finalizer frees the native scalar, and does not keep the
/// temporary alive across the native call: a garbage collection started by any other thread during that
/// call can free the scalar while libtorch reads it, and the operation fails ("Expected false to be
/// true ... c10/core/Scalar.h"). The fix belongs in TorchSharp (dotnet/TorchSharp#1434, #1496); until
/// then, the training operations that cannot be redone after a failure (the optimizer step, the BOP
/// budget's dual update; the rest is redone by <see cref="ScalarRace"/>) take scalars someone holds: a
/// constant from here (held for the life of the process, so never finalized), or a per-call value in a
/// <c>using var</c> (alive until its Dispose after the call).
/// </para>
/// </summary>
internal static class HeldScalars
{
    /// <summary>1: the alpha of an addition (what TorchSharp passes when none is given).</summary>
    public static Scalar One { get; } = 1.ToScalar();

    /// <summary>0.</summary>
    public static Scalar Zero { get; } = 0.ToScalar();
}
