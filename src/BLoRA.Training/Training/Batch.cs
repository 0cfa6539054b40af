using static TorchSharp.torch;

namespace BLoRA.Training.Training;

/// <summary>A padded batch on a device; dispose with the step's scope.</summary>
public sealed record Batch(Tensor InputIds, Tensor AttentionMask, Tensor TokenTypeIds, Tensor Labels)
{
    /// <summary>Pads to the longest example in the batch (dynamic padding).</summary>
    public static Batch Collate(IReadOnlyList<TokenizedExample> examples, Device device, int padId, bool regression)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var length = examples.Max(e => e.InputIds.Length);
        var ids = new long[examples.Count * length];
        var mask = new long[examples.Count * length];
        var types = new long[examples.Count * length];
        Array.Fill(ids, padId);
        for (var i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            for (var t = 0; t < e.InputIds.Length; t++)
            {
                ids[(i * length) + t] = e.InputIds[t];
                mask[(i * length) + t] = 1;
                types[(i * length) + t] = t < e.TokenTypeIds.Length ? e.TokenTypeIds[t] : 0;
            }
        }

        long[] shape = [examples.Count, length];
        var labels = regression
            ? tensor(examples.Select(e => e.Label).ToArray(), device: device)
            : tensor(examples.Select(e => (long)e.Label).ToArray(), device: device);
        return new Batch(tensor(ids, shape, device: device), tensor(mask, shape, device: device), tensor(types, shape, device: device), labels);
    }
}
