using Microsoft.ML.Tokenizers;

namespace BLoRA.Training.Tokenization;

/// <summary>
/// DeBERTa-v3's tokenizer: a SentencePiece model (<c>spm.model</c>, Unigram) through
/// Microsoft.ML.Tokenizers' <see cref="SentencePieceTokenizer"/>, with the checkpoint's special
/// tokens (<see cref="SpecialTokens"/>), <c>[CLS] A [SEP] B [SEP]</c> pairs with token types 0/1 and
/// longest-first truncation, as Hugging Face's DebertaV2Tokenizer builds them. Thread-safe.
/// </summary>
public sealed class SentencePieceTextTokenizer : ITextTokenizer
{
    private readonly SentencePieceTokenizer tokenizer;

    private SentencePieceTextTokenizer(SentencePieceTokenizer tokenizer, SpecialTokens specials, IReadOnlyDictionary<string, int> ids, bool lowerCase)
    {
        this.tokenizer = tokenizer;
        Specials = specials;
        LowerCase = lowerCase;
        ClsId = ids[specials.Cls];
        SepId = ids[specials.Sep];
        PadId = ids[specials.Pad];
        UnknownId = ids[specials.Unknown];
        MaskId = ids[specials.Mask];
        VocabularySize = Math.Max(tokenizer.Vocabulary.Values.DefaultIfEmpty(-1).Max(), ids.Values.Max()) + 1;
    }

    public int VocabularySize { get; }

    public bool LowerCase { get; }

    public SpecialTokens Specials { get; }

    public int ClsId { get; }

    public int SepId { get; }

    public int PadId { get; }

    public int UnknownId { get; }

    /// <summary>The mask token's id (deberta-v3-base: 128000, added after the SentencePiece pieces).</summary>
    public int MaskId { get; }

    /// <summary>The underlying Microsoft.ML.Tokenizers tokenizer.</summary>
    public SentencePieceTokenizer Inner => tokenizer;

    /// <summary>
    /// A tokenizer over a SentencePiece model (<c>spm.model</c>). Special tokens get the id of
    /// <paramref name="addedTokens"/> (e.g. added_tokens.json's <c>[MASK]: 128000</c>), else of the
    /// model's piece of that name.
    /// </summary>
    /// <exception cref="ArgumentException">A special token is neither added nor a piece of the model.</exception>
    public static SentencePieceTextTokenizer Create(Stream model, SpecialTokens specials, IReadOnlyDictionary<string, int>? addedTokens = null, bool lowerCase = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var bytes = ReadAll(model);
        return Build(ids => SentencePieceTokenizer.Create(new MemoryStream(bytes), addBeginningOfSentence: false, addEndOfSentence: false, specialTokens: ids), specials, addedTokens, lowerCase);
    }

    /// <summary>The same from a Hugging Face <c>tokenizer.json</c> holding a Unigram model (a fast tokenizer saved without spm.model).</summary>
    public static SentencePieceTextTokenizer FromTokenizerJson(Stream tokenizerJson, SpecialTokens specials, IReadOnlyDictionary<string, int>? addedTokens = null, bool lowerCase = false)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJson);
        var bytes = ReadAll(tokenizerJson);
        return Build(ids => SentencePieceTokenizer.CreateFromTokenizerJson(new MemoryStream(bytes), addBeginningOfSentence: false, addEndOfSentence: false, specialTokens: ids), specials, addedTokens, lowerCase);
    }

    /// <summary>Sub-word ids of <paramref name="text"/> without special tokens, at most <paramref name="maxTokens"/> of them.</summary>
    public IReadOnlyList<int> Tokenize(string text, int maxTokens = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (LowerCase)
        {
            text = text.ToLowerInvariant();
        }

        return maxTokens == int.MaxValue
            ? tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false)
            : tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false, maxTokens, out _, out _);
    }

    public EncodedText Encode(string textA, string? textB, int maxLength) => PairEncoding.Encode(this, textA, textB, maxLength);

    private static SentencePieceTextTokenizer Build(
        Func<IReadOnlyDictionary<string, int>?, SentencePieceTokenizer> create, SpecialTokens specials, IReadOnlyDictionary<string, int>? addedTokens, bool lowerCase)
    {
        ArgumentNullException.ThrowIfNull(specials);
        addedTokens ??= new Dictionary<string, int>();
        var plain = create(null);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (role, token) in specials.ByRole())
        {
            if (addedTokens.TryGetValue(token, out var id) || plain.Vocabulary.TryGetValue(token, out id))
            {
                ids[token] = id;
            }
            else if (role != "mask_token")
            {
                missing.Add($"{role} '{token}'");
            }
        }

        // Like DebertaV2Tokenizer, a mask token the files do not place is added after the last id (deberta-v3-base: 128000).
        if (!ids.ContainsKey(specials.Mask))
        {
            ids[specials.Mask] = Math.Max(plain.Vocabulary.Values.DefaultIfEmpty(-1).Max(), addedTokens.Values.DefaultIfEmpty(-1).Max()) + 1;
        }

        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"special token(s) {string.Join(", ", missing)} are neither pieces of the SentencePiece model nor added tokens", nameof(specials));
        }

        // Special tokens written in the text are matched whole, as Hugging Face's added tokens are.
        return new SentencePieceTextTokenizer(create(ids), specials, ids, lowerCase);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
