using System.Globalization;
using System.Text;

namespace BLoRA.Training.Tokenization;

/// <summary>
/// Accent stripping as Hugging Face's uncased BERT tokenizers do it (NFD, then drop non-spacing
/// marks), without ICU: this project runs with InvariantGlobalization, under which .NET's
/// <see cref="string.Normalize()"/> leaves non-ASCII text unchanged (and so would Microsoft.ML.Tokenizers'
/// own RemoveNonSpacingMarks). Decompositions come from a generated Unicode table; Hangul
/// syllables are decomposed algorithmically (Unicode 3.12).
/// </summary>
internal static class TextNormalizer
{
    private const int HangulBase = 0xAC00;
    private const int HangulCount = 11172;
    private const int LeadBase = 0x1100;
    private const int VowelBase = 0x1161;
    private const int TrailBase = 0x11A7;
    private const int VowelCount = 21;
    private const int TrailCount = 28;

    private static readonly Dictionary<char, string> Stripped = Parse(AccentTable.Entries);

    public static string StripAccents(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ascii = true;
        foreach (var c in text)
        {
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                builder.Append(c);
            }
            else if (c - HangulBase is >= 0 and < HangulCount)
            {
                var index = c - HangulBase;
                builder.Append((char)(LeadBase + (index / (VowelCount * TrailCount))));
                builder.Append((char)(VowelBase + (index % (VowelCount * TrailCount) / TrailCount)));
                if (index % TrailCount != 0)
                {
                    builder.Append((char)(TrailBase + (index % TrailCount)));
                }
            }
            else if (Stripped.TryGetValue(c, out var replacement))
            {
                builder.Append(replacement);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static Dictionary<char, string> Parse(string entries)
    {
        var table = new Dictionary<char, string>();
        var i = 0;
        while (i < entries.Length)
        {
            var source = entries[i];
            var end = entries.IndexOf('\0', i + 1);
            table[source] = entries[(i + 1)..end];
            i = end + 1;
        }

        return table;
    }
}
