using System.Text;
using BLoRA.Training.Models;
using BLoRA.Training.Models.Loading;
using BLoRA.Training.Tokenization;

namespace BLoRA.Training.Tests.Tokenization;

/// <summary>The tokenizer over the embedded MiniLM vocabulary (bert-base-uncased's) gives Hugging Face's ids.</summary>
public sealed class TextTokenizerTests
{
    private static readonly Lazy<(TextTokenizer Tokenizer, string[] Vocabulary)> MiniLm = new(() =>
    {
        var bytes = ManifestResources.Read(EmbeddedMiniLm.LocateAssembly(), EmbeddedMiniLm.VocabularyResource);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        return (TextTokenizer.FromVocabulary(new MemoryStream(bytes), lowerCase: true), lines);
    });

    private static TextTokenizer Tokenizer => MiniLm.Value.Tokenizer;

    /// <summary>The id of <paramref name="token"/> read off vocab.txt by hand: its line number.</summary>
    private static int Id(string token) => Array.IndexOf(MiniLm.Value.Vocabulary, token);

    [Fact]
    public void Single_sentence_is_cls_wordpieces_sep_lowercased_with_accents_stripped()
    {
        var encoded = Tokenizer.Encode("Hello, WORLD! Café", null, 128);

        // bert-base-uncased: [CLS]=101 hello=7592 ,=1010 world=2088 !=999 cafe=7668 [SEP]=102
        Assert.Equal([101, 7592, 1010, 2088, 999, 7668, 102], encoded.InputIds);
        Assert.Equal([Id("[CLS]"), Id("hello"), Id(","), Id("world"), Id("!"), Id("cafe"), Id("[SEP]")], encoded.InputIds);
        Assert.All(encoded.TokenTypeIds, t => Assert.Equal(0, t));
        Assert.All(encoded.AttentionMask, m => Assert.Equal(1, m));
    }

    [Fact]
    public void Unknown_words_split_into_word_pieces()
    {
        var encoded = Tokenizer.Encode("unaffable Naïve résumé", null, 128);

        // Greedy longest-match-first WordPiece, as Hugging Face: una ##ffa ##ble; accents stripped first.
        Assert.Equal([101, 14477, 20961, 3468, 15743, 13746, 102], encoded.InputIds);
        Assert.Equal([101, Id("una"), Id("##ffa"), Id("##ble"), Id("naive"), Id("resume"), 102], encoded.InputIds);
    }

    [Fact]
    public void Pairs_get_token_types_and_a_separator_each()
    {
        var encoded = Tokenizer.Encode("How are you?", "A good day.", 128);

        Assert.Equal([101, 2129, 2024, 2017, 1029, 102, 1037, 2204, 2154, 1012, 102], encoded.InputIds);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1], encoded.TokenTypeIds);
    }

    [Fact]
    public void Truncation_is_longest_first_and_keeps_the_special_tokens()
    {
        var single = Tokenizer.Encode("the quick brown fox jumps over the lazy dog", null, 6);
        var pair = Tokenizer.Encode("the quick brown fox jumps over the lazy dog", "a good day", 9);

        Assert.Equal([101, 1996, 4248, 2829, 4419, 102], single.InputIds);
        // 9 - 3 specials = 6 tokens: the longer text is cut until both fit (3 + 3).
        Assert.Equal([101, 1996, 4248, 2829, 102, 1037, 2204, 2154, 102], pair.InputIds);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], pair.TokenTypeIds);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Encode("a", "b", 3));
    }

    [Fact]
    public void Padding_extends_ids_with_pad_and_masks_it_out()
    {
        var padded = Tokenizer.Encode("hello", null, 128).PadTo(6, Tokenizer.PadId);

        Assert.Equal([101, 7592, 102, 0, 0, 0], padded.InputIds);
        Assert.Equal([1, 1, 1, 0, 0, 0], padded.AttentionMask);
        Assert.Equal([0, 0, 0, 0, 0, 0], padded.TokenTypeIds);
        Assert.Throws<ArgumentOutOfRangeException>(() => padded.PadTo(5, 0));
    }

    [Theory]
    [InlineData("{\"do_lower_case\": false}", null, new[] { 2, 5, 7, 8, 3 })]
    [InlineData("{\"do_lower_case\": true}", null, new[] { 2, 6, 7, 8, 3 })]
    [InlineData(null, null, new[] { 2, 5, 7, 8, 3 })]
    [InlineData(null, true, new[] { 2, 6, 7, 8, 3 })]
    public void Casing_comes_from_the_checkpoints_tokenizer_files(string? tokenizerConfig, bool? fromTokenizerJson, int[] expected)
    {
        using var dir = TestPaths.CreateTemp();
        string[] vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "Hello", "hello", "world", "##s"];
        if (fromTokenizerJson is { } lower)
        {
            var vocab = string.Join(", ", vocabulary.Select((t, i) => $"\"{t}\": {i}"));
            File.WriteAllText(dir.File("tokenizer.json"),
                $"{{\"normalizer\": {{\"type\": \"BertNormalizer\", \"lowercase\": {(lower ? "true" : "false")}}}, \"model\": {{\"type\": \"WordPiece\", \"vocab\": {{{vocab}}}}}}}");
        }
        else
        {
            File.WriteAllLines(dir.File("vocab.txt"), vocabulary);
        }

        if (tokenizerConfig is not null)
        {
            File.WriteAllText(dir.File("tokenizer_config.json"), tokenizerConfig);
        }

        var tokenizer = TokenizerFiles.FromDirectory(dir.Path);

        Assert.Equal(expected, tokenizer.Encode("Hello worlds", null, 16).InputIds);
        Assert.Equal(vocabulary.Length, tokenizer.VocabularySize);
    }

    [Fact]
    public void A_directory_without_vocabulary_is_a_clear_error()
    {
        using var dir = TestPaths.CreateTemp();

        var error = Assert.Throws<ModelLoadException>(() => TokenizerFiles.FromDirectory(dir.Path));

        Assert.Contains("no vocab.txt or tokenizer.json", error.Message, StringComparison.Ordinal);
    }
}
