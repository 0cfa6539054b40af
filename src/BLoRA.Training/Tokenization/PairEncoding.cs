namespace BLoRA.Training.Tokenization;

/// <summary>
/// The input layout BERT and DeBERTa share: <c>[CLS] A [SEP]</c> or <c>[CLS] A [SEP] B [SEP]</c>,
/// token types 0 for the first segment and 1 for the second, truncated longest-first (one token at a
/// time from the end of the longer segment, as Hugging Face's <c>truncation=True</c> does).
/// </summary>
internal static class PairEncoding
{
    public static EncodedText Encode(ITextTokenizer tokenizer, string textA, string? textB, int maxLength)
    {
        var specials = textB is null ? 2 : 3;
        if (maxLength < specials + (textB is null ? 0 : 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), $"max length {maxLength} leaves no room for text after the special tokens");
        }

        var budget = maxLength - specials;
        // Never tokenize more of a long text than can survive truncation.
        var a = new List<int>(tokenizer.Tokenize(textA, budget));
        var b = textB is null ? [] : new List<int>(tokenizer.Tokenize(textB, budget));
        while (a.Count + b.Count > budget)
        {
            var longer = a.Count > b.Count ? a : b;
            longer.RemoveAt(longer.Count - 1);
        }

        var ids = new List<int>(a.Count + b.Count + specials) { tokenizer.ClsId };
        ids.AddRange(a);
        ids.Add(tokenizer.SepId);
        var types = Enumerable.Repeat(0, ids.Count).ToList();
        if (textB is not null)
        {
            ids.AddRange(b);
            ids.Add(tokenizer.SepId);
            types.AddRange(Enumerable.Repeat(1, b.Count + 1));
        }

        return new EncodedText(ids, types, Enumerable.Repeat(1, ids.Count).ToArray());
    }
}
