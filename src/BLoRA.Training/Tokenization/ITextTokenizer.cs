namespace BLoRA.Training.Tokenization;

/// <summary>
/// A tokenizer as fine-tuning sees it: sub-word ids of a text, and <c>[CLS] A [SEP]</c> /
/// <c>[CLS] A [SEP] B [SEP]</c> inputs with token types, truncated longest-first. BERT's WordPiece
/// (<see cref="TextTokenizer"/>) and DeBERTa-v3's SentencePiece (<see cref="SentencePieceTextTokenizer"/>).
/// </summary>
public interface ITextTokenizer
{
    /// <summary>Ids run from 0 to <see cref="VocabularySize"/> - 1 (the embedding matrix may have more rows).</summary>
    int VocabularySize { get; }

    /// <summary>Whether text is lower-cased before tokenization.</summary>
    bool LowerCase { get; }

    int ClsId { get; }

    int SepId { get; }

    int PadId { get; }

    int UnknownId { get; }

    /// <summary>Sub-word ids of <paramref name="text"/> without special tokens, at most <paramref name="maxTokens"/> of them.</summary>
    IReadOnlyList<int> Tokenize(string text, int maxTokens = int.MaxValue);

    /// <summary>
    /// <c>[CLS] A [SEP]</c> (or <c>[CLS] A [SEP] B [SEP]</c>, token types 0 then 1) truncated
    /// longest-first to at most <paramref name="maxLength"/> tokens, specials included; unpadded.
    /// </summary>
    EncodedText Encode(string textA, string? textB, int maxLength);
}
