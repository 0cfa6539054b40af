using BLoRA.Training.Tokenization;

namespace BLoRA.Training.Tests.Tokenization;

/// <summary>Reading real spm.model files (ALBERT's 30k-clean) and their precompiled normalization rules.</summary>
public sealed class SentencePieceModelFileTests
{
    private static readonly SentencePieceModelFile Albert = SentencePieceModelFile.Parse(File.ReadAllBytes(SentencePieceReference.AlbertModel));

    [Fact]
    public void A_real_model_reads_its_pieces_and_specs()
    {
        Assert.Equal(30000, Albert.Pieces.Count);
        Assert.Equal(("<pad>", SentencePieceType.Control), (Albert.Pieces[0].Piece, Albert.Pieces[0].Type));
        Assert.Equal(("<unk>", SentencePieceType.Unknown), (Albert.Pieces[1].Piece, Albert.Pieces[1].Type));
        Assert.Equal(8, Albert.Pieces.Count(p => p.Type == SentencePieceType.UserDefined));
        Assert.All(Albert.Pieces.Where(p => p.Type == SentencePieceType.Normal), p => Assert.InRange(p.Score, -14f, -2f));
        Assert.Equal(SentencePieceModelFile.UnigramModel, Albert.ModelType);
        Assert.Equal("nmt_nfkc", Albert.NormalizerName);
        Assert.True(Albert.AddDummyPrefix && Albert.RemoveExtraWhitespaces && Albert.EscapeWhitespaces);
        Assert.False(Albert.ByteFallback || Albert.TreatWhitespaceAsSuffix);
    }

    [Fact]
    public void The_nmt_nfkc_rules_map_compatibility_characters_and_delete_control_characters()
    {
        var rules = PrecompiledCharsMap.Parse(Albert.PrecompiledCharsMap.Span);

        Assert.Equal("A", rules.Lookup("\uFF21"));
        Assert.Equal("1\u20442", rules.Lookup("\u00BD"));
        Assert.Null(rules.Lookup("a"));
        var deleted = rules.DeletedCharacters();
        Assert.Contains(0x01, deleted);
        Assert.Contains(0x7F, deleted);
        Assert.DoesNotContain('a', deleted);
        Assert.DoesNotContain(' ', deleted);
        Assert.DoesNotContain('\n', deleted);
    }

    [Fact]
    public void Broken_files_are_reported()
    {
        Assert.Contains("without pieces", Assert.Throws<InvalidDataException>(() => SentencePieceModelFile.Parse([])).Message, StringComparison.Ordinal);
        var truncated = File.ReadAllBytes(SentencePieceReference.AlbertModel)[..1000];
        Assert.Contains("truncated or corrupt", Assert.Throws<InvalidDataException>(() => SentencePieceModelFile.Parse(truncated)).Message, StringComparison.Ordinal);
        Assert.Contains("broken", Assert.Throws<InvalidDataException>(() => PrecompiledCharsMap.Parse([1, 2])).Message, StringComparison.Ordinal);
        Assert.Contains("broken", Assert.Throws<InvalidDataException>(() => PrecompiledCharsMap.Parse([255, 255, 0, 0, 1, 2, 3, 4])).Message, StringComparison.Ordinal);
    }
}
