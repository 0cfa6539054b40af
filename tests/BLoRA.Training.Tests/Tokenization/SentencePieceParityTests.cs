using System.Globalization;
using System.Text;
using BLoRA.Training.Data.Spam;
using BLoRA.Training.Tokenization;

namespace BLoRA.Training.Tests.Tokenization;

/// <summary>
/// Our SentencePiece tokenizer (Microsoft.ML.Tokenizers' SentencePieceTokenizer, as DeBERTa-v3 uses
/// it) against Google's SentencePiece library on two real, released Unigram models (DeBERTa-v3's own
/// spm.model cannot be downloaded here; these are the same kind of file: Unigram, nmt_nfkc
/// normalization with a precompiled character map, dummy prefix, whitespace collapsing), on edge
/// cases and on real e-mail text. Every id must match.
/// </summary>
public sealed class SentencePieceParityTests
{
    /// <summary>Normalization, whitespace, unknown characters, scripts and user-defined symbols.</summary>
    public static readonly string[] EdgeCases =
    [
        "Hello world!",
        "hello world",
        "HELLO WORLD",
        "  leading and trailing spaces  ",
        "multiple   spaces\tand\ttabs\nand\r\nnew lines",
        "Café naïve façade résumé Ångström",
        "e\u0301 cafe\u0301 combining accents",
        "ＡＢＣ １２３ fullwidth ①② ﬁnance ﬂow Ⅻ x² ½ ㎏",
        "non\u00a0breaking\u3000ideographic\u2003em space\u200bzero width",
        "日本語のテキスト 中文文本 한국어 텍스트",
        "العربية עברית Ελληνικά русский язык",
        "emoji 👍🏽 🎉 👨‍👩‍👧 ❤️",
        "(a) \"b\" - c. – £5 €10 (nested (parens)) \"quoted\".",
        "supercalifragilisticexpialidocious antidisestablishmentarianism",
        "3.14159 1,000,000 2026-11-30 12:34:56 +49 (0) 30 1234567",
        "https://example.com/path/to?q=1&x=y#frag mailto:someone@example.org",
        "foo_bar(baz) => qux; if (a != b) { return a->c[0]; }",
        "it's don't won't y'all o'clock rock'n'roll",
        "I am still waiting on my card?",
        "$$$ FREE!!! Click here >>> www.win-big.biz <<< 100% GUARANTEED",
        "a",
        " ",
        "",
        "\u0001control\u0007chars\u001f",
    ];

    public static TheoryData<string> Models => new() { "albert-30k-clean", "smart-50k" };

    [Theory]
    [MemberData(nameof(Models))]
    public void Edge_cases_segment_exactly_as_sentencepiece_does(string model)
    {
        AssertSameIds(model, EdgeCases);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Real_email_text_segments_exactly_as_sentencepiece_does(string model)
    {
        // 300 messages from every group of the SpamAssassin corpus (headers, HTML, quoted text, URLs,
        // non-Latin spam), 2,000 characters of each.
        var messages = SpamAssassinCorpus.Read(SpamAssassinCorpus.Locate());
        var texts = messages.Where((_, i) => i % (messages.Count / 300) == 0).Take(300)
            .Select(m => m.Text.Length > 2000 ? m.Text[..2000] : m.Text)
            .ToList();

        AssertSameIds(model, texts);
    }

    private static void AssertSameIds(string model, IReadOnlyList<string> texts)
    {
        var (path, specials, added) = model switch
        {
            "albert-30k-clean" => (SentencePieceReference.AlbertModel, new SpecialTokens { Pad = "<pad>", Unknown = "<unk>" }, new Dictionary<string, int>()),
            _ => (SentencePieceReference.SmartModel, new SpecialTokens { Cls = "<s>", Sep = "</s>", Pad = "<pad>", Unknown = "<unk>", Mask = "<mask>" },
                new Dictionary<string, int> { ["<pad>"] = 50000 }),
        };
        using var file = File.OpenRead(path);
        var tokenizer = SentencePieceTextTokenizer.Create(file, specials, added);
        var pieces = tokenizer.Inner.Vocabulary.ToDictionary(p => p.Value, p => p.Key);
        var reference = SentencePieceReference.Encode(path, texts);

        var mismatches = new StringBuilder();
        var (count, ties) = (0, 0);
        for (var i = 0; i < texts.Count; i++)
        {
            var ours = tokenizer.Tokenize(texts[i]).ToArray();
            if (ours.SequenceEqual(reference[i].Ids))
            {
                continue;
            }

            // The same pieces in another order ("zz z" against "z zz") score the same: a tie, which
            // SentencePiece breaks by comparing a double-precision candidate against float path scores
            // and the library in float alone (Hugging Face's tokenizers, in double, differs from both).
            if (ours.Order().SequenceEqual(reference[i].Ids.Order()))
            {
                ties++;
            }
            else
            {
                if (++count <= 5)
                {
                    // Where they part: the first differing position, with a few pieces either side.
                    var at = 0;
                    while (at < ours.Length && at < reference[i].Ids.Length && ours[at] == reference[i].Ids[at])
                    {
                        at++;
                    }

                    var from = Math.Max(0, at - 4);
                    string Window(IEnumerable<string> items) => string.Join(' ', items.Skip(from).Take(10));
                    mismatches.Append(CultureInfo.InvariantCulture,
                        $"\n#{i} {Excerpt(texts[i])}: first difference at piece {at} of {reference[i].Ids.Length}/{ours.Length}" +
                        $"\n  sentencepiece: {Window(reference[i].Pieces.Zip(reference[i].Ids, (piece, id) => $"{piece}:{id}"))}" +
                        $"\n  ours:          {Window(ours.Select(id => $"{pieces.GetValueOrDefault(id, "?")}:{id}"))}");
                }
            }
        }

        Assert.True(count == 0, $"{count} of {texts.Count} texts differ from SentencePiece on {model}:{mismatches}");
        // Ties are rare: runs of one repeated character ("-----", "zzz", "!!!!!") in a few long e-mails.
        Assert.True(ties <= texts.Count / 50, $"{ties} of {texts.Count} texts segment equal-scoring pieces in another order than SentencePiece on {model}");
        // Not vacuous: the texts produced many pieces, unknown ones among them.
        Assert.True(reference.Sum(r => r.Ids.Length) > texts.Count);
        Assert.Contains(reference, r => r.Ids.Contains(tokenizer.UnknownId));
    }

    private static string Excerpt(string text) =>
        System.Text.Json.JsonSerializer.Serialize(text.Length > 120 ? text[..120] + "..." : text);
}
