using System.Collections.Concurrent;
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
/// then, operations on training paths take a scalar someone holds: a constant from here (held in this
/// cache, so never finalized), or a per-call value in a <c>using var</c> (alive until its Dispose after
/// the call). Only constants belong here: the cache never shrinks.
/// </para>
/// </summary>
internal static class HeldScalars
{
    private static readonly ConcurrentDictionary<double, Scalar> Doubles = new();
    private static readonly ConcurrentDictionary<float, Scalar> Singles = new();
    private static readonly ConcurrentDictionary<long, Scalar> Longs = new();
    private static readonly ConcurrentDictionary<int, Scalar> Ints = new();

    /// <summary>A double scalar (what an implicit conversion of a <see cref="double"/> makes).</summary>
    public static Scalar Of(double value) => Doubles.GetOrAdd(value, static v => v.ToScalar());

    /// <summary>A float scalar (what an implicit conversion of a <see cref="float"/> makes).</summary>
    public static Scalar Of(float value) => Singles.GetOrAdd(value, static v => v.ToScalar());

    /// <summary>A 64-bit integer scalar (what an implicit conversion of a <see cref="long"/> makes).</summary>
    public static Scalar Of(long value) => Longs.GetOrAdd(value, static v => v.ToScalar());

    /// <summary>A 32-bit integer scalar (what an implicit conversion of an <see cref="int"/> makes).</summary>
    public static Scalar Of(int value) => Ints.GetOrAdd(value, static v => v.ToScalar());
}
