using System.Text.Json.Nodes;
using BLoRA.Training.Models;
using BLoRA.Training.Tokenization;

namespace BLoRA.Training.Tests.Tokenization;

/// <summary>
/// DeBERTa-v3's tokenizer over a hand-written Unigram spm.model (<see cref="SentencePieceModelBuilder"/>):
/// ids worked out by hand from the piece scores (Viterbi keeps the segmentation with the highest total score).
/// </summary>
public sealed class SentencePieceTextTokenizerTests
{
    private static readonly byte[] Model = SentencePieceModelBuilder.Build(SentencePieceModelBuilder.TinyVocabulary);

    private static SentencePieceTextTokenizer Create(bool lowerCase = false) =>
        SentencePieceTextTokenizer.Create(new MemoryStream(Model), new SpecialTokens(), new Dictionary<string, int> { ["[MASK]"] = 21 }, lowerCase);

    [Theory]
    // "▁hello▁world": ▁hello (-3) + ▁world (-3) beats ▁he + llo + ... .
    [InlineData("hello world", new[] { 5, 6 })]
    // "▁helloworld": ▁hello + w + or + ld (-19) beats w o r l d (-33) and ▁he llo ... (-24).
    [InlineData("helloworld", new[] { 5, 13, 17, 18 })]
    [InlineData("hello, world", new[] { 5, 19, 6 })]
    // Extra spaces collapse (remove_extra_whitespaces); z is no piece: [UNK].
    [InlineData("  hello   z ", new[] { 5, 4, 3 })]
    [InlineData("the world", new[] { 20, 6 })]
    public void Unigram_segmentation_matches_the_hand_computed_ids(string text, int[] expected)
    {
        Assert.Equal(expected, Create().Tokenize(text));
    }

    [Fact]
    public void Special_tokens_come_from_the_model_and_the_added_tokens()
    {
        var tokenizer = Create();

        Assert.Equal(1, tokenizer.ClsId);
        Assert.Equal(2, tokenizer.SepId);
        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal(3, tokenizer.UnknownId);
        Assert.Equal(21, tokenizer.MaskId);
        // 21 pieces plus [MASK] at 21.
        Assert.Equal(22, tokenizer.VocabularySize);
        Assert.False(tokenizer.LowerCase);

        // Without added_tokens.json the mask token goes after the last piece, as DebertaV2Tokenizer adds it.
        var unplaced = SentencePieceTextTokenizer.Create(new MemoryStream(Model), new SpecialTokens());
        Assert.Equal(21, unplaced.MaskId);
        Assert.Equal(22, unplaced.VocabularySize);
        Assert.Equal([5, 21, 6], unplaced.Tokenize("hello [MASK] world"));
    }

    [Fact]
    public void Pairs_are_cls_a_sep_b_sep_with_token_types()
    {
        var encoded = Create().Encode("hello world", "the world", 16);

        Assert.Equal([1, 5, 6, 2, 20, 6, 2], encoded.InputIds);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1], encoded.TokenTypeIds);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1], encoded.AttentionMask);
        Assert.Equal([1, 5, 6, 2], Create().Encode("hello world", null, 16).InputIds);
    }

    [Fact]
    public void Truncation_is_longest_first()
    {
        var tokenizer = Create();

        // Budget 6 - 3 = 3: A keeps 2 of its 4 tokens, B its only one.
        Assert.Equal([1, 5, 6, 2, 20, 2], tokenizer.Encode("hello world hello world", "the", 6).InputIds);
        // Both long: they are cut to equal length.
        Assert.Equal([1, 5, 6, 2, 20, 6, 2], tokenizer.Encode("hello world hello", "the world the world", 7).InputIds);
        Assert.Equal([1, 5, 6, 5, 2], tokenizer.Encode("hello world hello world", null, 5).InputIds);
    }

    [Fact]
    public void Lower_casing_is_applied_when_configured()
    {
        Assert.Equal([5, 6], Create(lowerCase: true).Tokenize("HELLO World"));
        Assert.Contains(3, Create().Tokenize("HELLO"));
    }

    [Fact]
    public void A_checkpoint_directory_supplies_special_tokens_and_added_ids()
    {
        using var dir = TestPaths.CreateTemp();
        File.WriteAllBytes(dir.File("spm.model"), Model);
        // Hugging Face writes AddedToken objects or plain strings; both are read.
        File.WriteAllText(dir.File("tokenizer_config.json"), new JsonObject
        {
            ["do_lower_case"] = true,
            ["split_by_punct"] = false,
            ["cls_token"] = new JsonObject { ["content"] = "[CLS]" },
            ["sep_token"] = "[SEP]",
        }.ToJsonString());
        File.WriteAllText(dir.File("special_tokens_map.json"), new JsonObject { ["pad_token"] = "[PAD]", ["mask_token"] = "[MASK]" }.ToJsonString());
        File.WriteAllText(dir.File("added_tokens.json"), new JsonObject { ["[MASK]"] = 21 }.ToJsonString());

        var tokenizer = SentencePieceTokenizerFiles.FromDirectory(dir.Path);

        Assert.True(tokenizer.LowerCase);
        Assert.Equal(21, tokenizer.MaskId);
        Assert.Equal([1, 5, 6, 2], tokenizer.Encode("Hello World", null, 8).InputIds);
    }

    [Fact]
    public void Unknown_special_tokens_and_missing_files_are_reported()
    {
        using var dir = TestPaths.CreateTemp();
        var missing = Assert.Throws<ModelLoadException>(() => SentencePieceTokenizerFiles.FromDirectory(dir.Path));
        Assert.Contains("no spm.model or tokenizer.json", missing.Message, StringComparison.Ordinal);

        File.WriteAllBytes(dir.File("spm.model"), Model);
        File.WriteAllText(dir.File("tokenizer_config.json"), new JsonObject { ["cls_token"] = "<s>" }.ToJsonString());
        var unknown = Assert.Throws<ModelLoadException>(() => SentencePieceTokenizerFiles.FromDirectory(dir.Path));
        Assert.Contains("cls_token '<s>'", unknown.Message, StringComparison.Ordinal);

        File.WriteAllText(dir.File("tokenizer_config.json"), new JsonObject { ["split_by_punct"] = true }.ToJsonString());
        Assert.Contains("split_by_punct", Assert.Throws<ModelLoadException>(() => SentencePieceTokenizerFiles.FromDirectory(dir.Path)).Message, StringComparison.Ordinal);
    }
}
