using BLoRA.Training.Tokenization;
using static TorchSharp.torch;

namespace BLoRA.Training.Data;

/// <summary>
/// A batch ready for the model: <see cref="InputIds"/>, <see cref="AttentionMask"/> and
/// <see cref="TokenTypeIds"/> int64 [batch, length], padded to the batch's longest input (dynamic
/// padding, capped at the maximum length); <see cref="Labels"/> int64 [batch] for classification or
/// float32 [batch] for regression, null when the examples are unlabelled. Dispose it (or create it
/// inside a dispose scope).
/// </summary>
public sealed class EncodedBatch : IDisposable
{
    private EncodedBatch(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds, Tensor? labels)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        TokenTypeIds = tokenTypeIds;
        Labels = labels;
    }

    public Tensor InputIds { get; }

    public Tensor AttentionMask { get; }

    public Tensor TokenTypeIds { get; }

    public Tensor? Labels { get; }

    public long Size => InputIds.shape[0];

    public long Length => InputIds.shape[1];

    /// <summary>Tokenizes and pads <paramref name="examples"/> (all labelled, or all unlabelled) on <paramref name="device"/> (default CPU).</summary>
    public static EncodedBatch Create(IReadOnlyList<TextExample> examples, ITextTokenizer tokenizer, int maxLength, bool isRegression, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (examples.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one example", nameof(examples));
        }

        var encoded = examples.Select(e => tokenizer.Encode(e.TextA, e.TextB, maxLength)).ToList();
        var length = encoded.Max(e => e.Length);
        var ids = new long[examples.Count * length];
        var mask = new long[ids.Length];
        var types = new long[ids.Length];
        Array.Fill(ids, tokenizer.PadId);
        for (var row = 0; row < encoded.Count; row++)
        {
            var e = encoded[row];
            for (var col = 0; col < e.Length; col++)
            {
                ids[(row * length) + col] = e.InputIds[col];
                mask[(row * length) + col] = e.AttentionMask[col];
                types[(row * length) + col] = e.TokenTypeIds[col];
            }
        }

        var labelled = examples.Count(e => e.HasLabel);
        if (labelled != 0 && labelled != examples.Count)
        {
            throw new ArgumentException($"{examples.Count - labelled} of {examples.Count} examples have no label; a batch is all labelled or all unlabelled", nameof(examples));
        }

        Tensor? labels = null;
        if (labelled > 0)
        {
            labels = isRegression
                ? tensor(examples.Select(e => e.Target ?? throw new ArgumentException("a regression example has no target", nameof(examples))).ToArray(), device: device)
                : tensor(examples.Select(e => (long)(e.Label ?? throw new ArgumentException("a classification example has no label index", nameof(examples)))).ToArray(), device: device);
        }

        long[] shape = [examples.Count, length];
        return new EncodedBatch(tensor(ids, shape, device: device), tensor(mask, shape, device: device), tensor(types, shape, device: device), labels);
    }

    /// <summary>
    /// Consecutive batches of <paramref name="batchSize"/> examples (the last may be smaller), each
    /// padded to its own longest input. The caller disposes each batch.
    /// </summary>
    public static IEnumerable<EncodedBatch> Batches(IReadOnlyList<TextExample> examples, int batchSize, ITextTokenizer tokenizer, int maxLength, bool isRegression, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (var start = 0; start < examples.Count; start += batchSize)
        {
            var slice = examples.Skip(start).Take(batchSize).ToList();
            yield return Create(slice, tokenizer, maxLength, isRegression, device);
        }
    }

    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        TokenTypeIds.Dispose();
        Labels?.Dispose();
    }
}
