namespace BLoRA.Training.Tokenization;

/// <summary>
/// One tokenized input: <c>[CLS] A [SEP]</c> or <c>[CLS] A [SEP] B [SEP]</c> ids, token types (0 for
/// A, 1 for B) and attention mask (1 for tokens, 0 for padding), all of <see cref="Length"/>.
/// </summary>
public sealed record EncodedText(IReadOnlyList<int> InputIds, IReadOnlyList<int> TokenTypeIds, IReadOnlyList<int> AttentionMask)
{
    public int Length => InputIds.Count;

    /// <summary>This input padded on the right with <paramref name="padId"/> to <paramref name="length"/> (no-op when already that long).</summary>
    public EncodedText PadTo(int length, int padId)
    {
        if (length < Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"cannot pad {Length} tokens to {length}");
        }

        var extra = length - Length;
        return extra == 0
            ? this
            : new EncodedText(
                [.. InputIds, .. Enumerable.Repeat(padId, extra)],
                [.. TokenTypeIds, .. Enumerable.Repeat(0, extra)],
                [.. AttentionMask, .. Enumerable.Repeat(0, extra)]);
    }
}
