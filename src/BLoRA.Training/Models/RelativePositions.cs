using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// DeBERTa's relative positions (Hugging Face <c>build_relative_position</c> and
/// <c>make_log_bucket_position</c>): query position minus key position, log-bucketed beyond half
/// the bucket count. Computed in float32 exactly as transformers does, so bucket edges agree.
/// </summary>
public static class RelativePositions
{
    /// <summary>
    /// [queryLength, keyLength] int64 relative positions q - k, bucketed when <paramref name="bucketSize"/>
    /// and <paramref name="maxPosition"/> are positive, on <paramref name="device"/>.
    /// </summary>
    public static Tensor Build(long queryLength, long keyLength, int bucketSize, int maxPosition, Device? device = null)
    {
        var q = arange(queryLength, dtype: ScalarType.Int64, device: device);
        var k = arange(keyLength, dtype: ScalarType.Int64, device: device);
        var relative = q.unsqueeze(1) - k.unsqueeze(0);
        return bucketSize > 0 && maxPosition > 0 ? LogBucket(relative, bucketSize, maxPosition) : relative;
    }

    /// <summary>
    /// Distances below half of <paramref name="bucketSize"/> stay exact; longer ones share
    /// logarithmically wider buckets up to <paramref name="maxPosition"/>. Returns int64.
    /// </summary>
    public static Tensor LogBucket(Tensor relative, int bucketSize, int maxPosition)
    {
        ArgumentNullException.ThrowIfNull(relative);
        using var scope = NewDisposeScope();
        var mid = bucketSize / 2;
        var sign = relative.sign();
        var absolute = where(relative.lt(mid).logical_and(relative.gt(-mid)), full_like(relative, mid - 1), relative.abs());
        // ceil(log(|r| / mid) / log((max - 1) / mid) * (mid - 1)) + mid, in float32 like transformers.
        var denominator = tensor((float)((maxPosition - 1) / (double)mid), device: relative.device).log();
        var logPosition = (absolute.to_type(ScalarType.Float32) / mid).log().div(denominator).mul(mid - 1).ceil() + mid;
        var bucketed = where(absolute.le(mid), relative.to_type(ScalarType.Float32), logPosition * sign.to_type(ScalarType.Float32));
        return bucketed.to_type(ScalarType.Int64).MoveToOuterDisposeScope();
    }
}
