using Microsoft.ML.Tokenizers;

namespace BLoRA.Training.Tokenization;

/// <summary>
/// A BERT WordPiece tokenizer (Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>) with what
/// fine-tuning needs on top: sentence pairs with token types, longest-first truncation to a maximum
/// length, and padding. Thread-safe (the underlying tokenizer is immutable).
/// </summary>
public sealed class TextTokenizer : ITextTokenizer
{
    private readonly BertTokenizer tokenizer;

    private TextTokenizer(BertTokenizer tokenizer, int vocabularySize)
    {
        this.tokenizer = tokenizer;
        VocabularySize = vocabularySize;
    }

    /// <summary>Whether text is lower-cased (and accents stripped) before WordPiece, as uncased models need.</summary>
    public bool LowerCase => tokenizer.LowerCaseBeforeTokenization;

    public int VocabularySize { get; }

    public int ClsId => tokenizer.ClassificationTokenId;

    public int SepId => tokenizer.SeparatorTokenId;

    public int PadId => tokenizer.PaddingTokenId;

    public int UnknownId => tokenizer.UnknownTokenId;

    /// <summary>The underlying Microsoft.ML.Tokenizers tokenizer.</summary>
    public BertTokenizer Inner => tokenizer;

    /// <summary>A tokenizer over a BERT <c>vocab.txt</c> (one token a line, the line number is the id).</summary>
    public static TextTokenizer FromVocabulary(Stream vocabulary, bool lowerCase)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        using var buffer = new MemoryStream();
        vocabulary.CopyTo(buffer);
        var lines = CountLines(buffer);
        buffer.Position = 0;
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            // Accents are stripped by TextNormalizer (the library's own pass needs ICU, see there).
            RemoveNonSpacingMarks = false,
        };
        return new TextTokenizer(BertTokenizer.Create(buffer, options), lines);
    }

    /// <summary>WordPiece ids of <paramref name="text"/> without special tokens, at most <paramref name="maxTokens"/> of them.</summary>
    public IReadOnlyList<int> Tokenize(string text, int maxTokens = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Hugging Face's BertTokenizer strips accents exactly when it lower-cases.
        if (LowerCase)
        {
            text = TextNormalizer.StripAccents(text);
        }

        return maxTokens == int.MaxValue
            ? tokenizer.EncodeToIds(text, addSpecialTokens: false)
            : tokenizer.EncodeToIds(text, maxTokens, addSpecialTokens: false, out _, out _);
    }

    /// <summary>
    /// <c>[CLS] A [SEP]</c> (or <c>[CLS] A [SEP] B [SEP]</c>) truncated longest-first to at most
    /// <paramref name="maxLength"/> tokens, specials included, as Hugging Face's
    /// <c>truncation=True</c> does; unpadded (see <see cref="EncodedText.PadTo"/>).
    /// </summary>
    public EncodedText Encode(string textA, string? textB, int maxLength) => PairEncoding.Encode(this, textA, textB, maxLength);

    private static int CountLines(MemoryStream buffer)
    {
        var span = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var lines = span.Count((byte)'\n');
        return span.Length > 0 && span[^1] != (byte)'\n' ? lines + 1 : lines;
    }
}
