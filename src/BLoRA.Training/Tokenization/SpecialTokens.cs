namespace BLoRA.Training.Tokenization;

/// <summary>
/// The special tokens of a DeBERTa-style tokenizer by role, with DebertaV2Tokenizer's defaults
/// (<c>[CLS]</c>, <c>[SEP]</c>, <c>[PAD]</c>, <c>[UNK]</c>, <c>[MASK]</c>); a checkpoint's
/// tokenizer_config.json / special_tokens_map.json override them.
/// </summary>
public sealed record SpecialTokens
{
    public string Cls { get; init; } = "[CLS]";

    public string Sep { get; init; } = "[SEP]";

    public string Pad { get; init; } = "[PAD]";

    public string Unknown { get; init; } = "[UNK]";

    public string Mask { get; init; } = "[MASK]";

    /// <summary>(Hugging Face key, token) pairs: cls_token, sep_token, pad_token, unk_token, mask_token.</summary>
    public IEnumerable<(string Role, string Token)> ByRole()
    {
        yield return ("cls_token", Cls);
        yield return ("sep_token", Sep);
        yield return ("pad_token", Pad);
        yield return ("unk_token", Unknown);
        yield return ("mask_token", Mask);
    }
}
