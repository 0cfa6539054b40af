using System.Buffers;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace BLoRA.Training.Tokenization;

/// <summary>
/// DeBERTa-v3's tokenizer: a SentencePiece model (<c>spm.model</c>, Unigram) through
/// Microsoft.ML.Tokenizers' <see cref="SentencePieceTokenizer"/>, with the checkpoint's special
/// tokens (<see cref="SpecialTokens"/>), <c>[CLS] A [SEP] B [SEP]</c> pairs with token types 0/1 and
/// longest-first truncation, as Hugging Face's DebertaV2Tokenizer builds them. Thread-safe.
/// <para>
/// A Unigram <c>spm.model</c> segments exactly as Google's SentencePiece does (tests compare the two on
/// real models). Where Microsoft.ML.Tokenizers 3.0 differs from SentencePiece, this class reads the
/// model itself (<see cref="SentencePieceModelFile"/>) and closes the gap: it builds the tokenizer from
/// the pieces (the library's model-file reader fails on models without BOS/EOS pieces, such as ALBERT's),
/// keeps control and unused pieces out of segmentation, gives user-defined symbols SentencePiece's bonus
/// (UTF-8 length x the best piece score - 0.1), deletes the characters the normalization rules delete (the
/// library keeps them), and fuses runs of unknown pieces into one unknown id.
/// </para>
/// </summary>
public sealed class SentencePieceTextTokenizer : ITextTokenizer
{
    private readonly SentencePieceTokenizer tokenizer;
    private readonly IReadOnlySet<int> deletedCharacters;
    private readonly SearchValues<char> deletedBmpCharacters;
    private readonly bool deletesSupplementaryCharacters;
    private readonly bool fuseUnknown;

    private SentencePieceTextTokenizer(
        SentencePieceTokenizer tokenizer, SpecialTokens specials, IReadOnlyDictionary<string, int> ids, bool lowerCase, int pieceCount, Compatibility compatibility)
    {
        this.tokenizer = tokenizer;
        deletedCharacters = compatibility.DeletedCharacters;
        deletedBmpCharacters = SearchValues.Create(deletedCharacters.Where(c => c <= char.MaxValue).Select(c => (char)c).ToArray());
        deletesSupplementaryCharacters = deletedCharacters.Any(c => c > char.MaxValue);
        fuseUnknown = compatibility.FuseUnknown;
        Specials = specials;
        LowerCase = lowerCase;
        ClsId = ids[specials.Cls];
        SepId = ids[specials.Sep];
        PadId = ids[specials.Pad];
        UnknownId = ids[specials.Unknown];
        MaskId = ids[specials.Mask];
        VocabularySize = Math.Max(pieceCount - 1, ids.Values.Max()) + 1;
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
        var file = SentencePieceModelFile.Parse(bytes);
        if (file.ModelType != SentencePieceModelFile.UnigramModel)
        {
            // BPE models (not DeBERTa's) go through the library's own reader as they are.
            return Build(
                ids => SentencePieceTokenizer.Create(new MemoryStream(bytes), addBeginningOfSentence: false, addEndOfSentence: false, specialTokens: ids),
                PieceIds(file), file.Pieces.Count, specials, addedTokens, lowerCase, Compatibility.None);
        }

        if (!file.RemoveExtraWhitespaces)
        {
            throw new ArgumentException("the SentencePiece model keeps extra whitespace (normalizer_spec.remove_extra_whitespaces false), which Microsoft.ML.Tokenizers cannot do", nameof(model));
        }

        var unknownIds = Enumerable.Range(0, file.Pieces.Count).Where(i => file.Pieces[i].Type == SentencePieceType.Unknown).ToList();
        if (unknownIds.Count != 1)
        {
            throw new ArgumentException($"the SentencePiece model has {unknownIds.Count} unknown pieces; it needs exactly one", nameof(model));
        }

        var compatibility = new Compatibility(
            file.PrecompiledCharsMap.IsEmpty ? new HashSet<int>() : PrecompiledCharsMap.Parse(file.PrecompiledCharsMap.Span).DeletedCharacters(),
            FuseUnknown: true);
        return Build(
            ids => SentencePieceTokenizer.Create(
                SegmentationPieces(file, ids), unknownIds[0], addBeginningOfSentence: false, addEndOfSentence: false, file.PrecompiledCharsMap.Span,
                file.AddDummyPrefix, file.EscapeWhitespaces, file.TreatWhitespaceAsSuffix, file.ByteFallback, ids),
            PieceIds(file), file.Pieces.Count, specials, addedTokens, lowerCase, compatibility);
    }

    /// <summary>The same from a Hugging Face <c>tokenizer.json</c> holding a Unigram model (a fast tokenizer saved without spm.model).</summary>
    public static SentencePieceTextTokenizer FromTokenizerJson(Stream tokenizerJson, SpecialTokens specials, IReadOnlyDictionary<string, int>? addedTokens = null, bool lowerCase = false)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJson);
        var bytes = ReadAll(tokenizerJson);
        SentencePieceTokenizer Create(IReadOnlyDictionary<string, int>? ids) =>
            SentencePieceTokenizer.CreateFromTokenizerJson(new MemoryStream(bytes), addBeginningOfSentence: false, addEndOfSentence: false, specialTokens: ids);
        var plain = Create(null);
        // Hugging Face's Unigram model fuses unknown runs too (fuse_unk).
        return Build(Create, plain.Vocabulary, plain.Vocabulary.Values.DefaultIfEmpty(-1).Max() + 1, specials, addedTokens, lowerCase,
            Compatibility.None with { FuseUnknown = true });
    }

    /// <summary>Sub-word ids of <paramref name="text"/> without special tokens, at most <paramref name="maxTokens"/> of them.</summary>
    public IReadOnlyList<int> Tokenize(string text, int maxTokens = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (LowerCase)
        {
            text = text.ToLowerInvariant();
        }

        text = DeleteCharacters(text);
        if (!fuseUnknown)
        {
            return maxTokens == int.MaxValue
                ? tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false)
                : tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false, maxTokens, out _, out _);
        }

        var ids = tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false);
        var fused = new List<int>(Math.Min(ids.Count, maxTokens));
        for (var i = 0; i < ids.Count && fused.Count < maxTokens; i++)
        {
            if (ids[i] != UnknownId || fused.Count == 0 || fused[^1] != UnknownId)
            {
                fused.Add(ids[i]);
            }
        }

        return fused;
    }

    public EncodedText Encode(string textA, string? textB, int maxLength) => PairEncoding.Encode(this, textA, textB, maxLength);

    private static SentencePieceTextTokenizer Build(
        Func<IReadOnlyDictionary<string, int>, SentencePieceTokenizer> create, IReadOnlyDictionary<string, int> pieceIds, int pieceCount,
        SpecialTokens specials, IReadOnlyDictionary<string, int>? addedTokens, bool lowerCase, Compatibility compatibility)
    {
        ArgumentNullException.ThrowIfNull(specials);
        addedTokens ??= new Dictionary<string, int>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (role, token) in specials.ByRole())
        {
            if (addedTokens.TryGetValue(token, out var id) || pieceIds.TryGetValue(token, out id))
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
            ids[specials.Mask] = Math.Max(pieceCount - 1, addedTokens.Values.DefaultIfEmpty(-1).Max()) + 1;
        }

        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"special token(s) {string.Join(", ", missing)} are neither pieces of the SentencePiece model nor added tokens", nameof(specials));
        }

        // Special tokens written in the text are matched whole, as Hugging Face's added tokens are.
        return new SentencePieceTextTokenizer(create(ids), specials, ids, lowerCase, pieceCount, compatibility);
    }

    /// <summary>Each piece's id by its text (the first, where a model repeats one).</summary>
    private static Dictionary<string, int> PieceIds(SentencePieceModelFile file)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < file.Pieces.Count; i++)
        {
            ids.TryAdd(file.Pieces[i].Piece, i);
        }

        return ids;
    }

    /// <summary>
    /// The (piece, score) list the library segments with, position = id. Control and unused pieces that
    /// are not special tokens get names no normalized text contains (SentencePiece never produces them
    /// while segmenting; special tokens are kept out of segmentation by the library); user-defined
    /// symbols get SentencePiece's score, their UTF-8 length x the best normal score - 0.1.
    /// </summary>
    private static List<(string Piece, float Score)> SegmentationPieces(SentencePieceModelFile file, IReadOnlyDictionary<string, int> specialIds)
    {
        var special = specialIds.Values.ToHashSet();
        var best = file.Pieces.Where(p => p.Type == SentencePieceType.Normal).Select(p => p.Score).DefaultIfEmpty(0f).Max();
        var pieces = new List<(string, float)>(file.Pieces.Count);
        for (var i = 0; i < file.Pieces.Count; i++)
        {
            var (piece, score, type) = file.Pieces[i];
            pieces.Add(type switch
            {
                (SentencePieceType.Control or SentencePieceType.Unused) when !special.Contains(i) => ($"\0{type}:{i}\0", score),
                SentencePieceType.UserDefined => (piece, (Encoding.UTF8.GetByteCount(piece) * best) - 0.1f),
                _ => (piece, score),
            });
        }

        return pieces;
    }

    /// <summary><paramref name="text"/> without the characters the model's normalization rules delete.</summary>
    private string DeleteCharacters(string text)
    {
        if (deletedCharacters.Count == 0 || (!deletesSupplementaryCharacters && text.AsSpan().IndexOfAny(deletedBmpCharacters) < 0))
        {
            return text;
        }

        StringBuilder? kept = null;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (deletedCharacters.Contains(rune.Value))
            {
                kept ??= new StringBuilder(text.Length).Append(text, 0, index);
            }
            else
            {
                kept?.Append(rune.ToString());
            }

            index += rune.Utf16SequenceLength;
        }

        return kept?.ToString() ?? text;
    }

    /// <summary>What this class does on top of the library to match SentencePiece.</summary>
    private sealed record Compatibility(IReadOnlySet<int> DeletedCharacters, bool FuseUnknown)
    {
        public static Compatibility None { get; } = new(new HashSet<int>(), FuseUnknown: false);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
