using BLoRA.Training.Tokenization;

namespace BLoRA.Training.Tests.Tokenization;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Café crème brûlée", "Cafe creme brulee")]
    [InlineData("Ångström Øre", "Angstrom Øre")] // Ø has no decomposition, as in Python's unicodedata
    [InlineData("Ελληνικά", "Ελληνικα")]
    [InlineData("e\u0301", "e")] // a combining mark on its own is dropped
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("한", "\u1112\u1161\u11AB")] // Hangul syllables decompose into jamo (NFD)
    public void Strips_accents_like_nfd_without_nonspacing_marks(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.StripAccents(input));
}
