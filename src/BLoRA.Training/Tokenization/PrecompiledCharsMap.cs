using System.Buffers.Binary;
using System.Text;

namespace BLoRA.Training.Tokenization;

/// <summary>
/// A SentencePiece normalization rule set as <c>normalizer_spec.precompiled_charsmap</c> stores it:
/// a little-endian uint32 with the size of a Darts double-array trie, the trie's 32-bit units, then
/// the NUL-terminated UTF-8 replacements the trie's values point into. Only lookups are needed here:
/// which single characters the rules delete (map to the empty string), e.g. the control characters
/// of nmt_nfkc. Microsoft.ML.Tokenizers 3.0 keeps such characters instead of deleting them, so
/// <see cref="SentencePieceTextTokenizer"/> deletes them itself before encoding.
/// </summary>
public sealed class PrecompiledCharsMap
{
    private readonly uint[] units;
    private readonly byte[] replacements;

    private PrecompiledCharsMap(uint[] units, byte[] replacements)
    {
        this.units = units;
        this.replacements = replacements;
    }

    /// <exception cref="InvalidDataException">The blob is too short or its trie size does not fit.</exception>
    public static PrecompiledCharsMap Parse(ReadOnlySpan<byte> blob)
    {
        if (blob.Length <= sizeof(uint))
        {
            throw new InvalidDataException("the precompiled character map is broken (shorter than its header)");
        }

        var trieSize = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieSize % 4 != 0 || trieSize > (uint)(blob.Length - sizeof(uint)))
        {
            throw new InvalidDataException($"the precompiled character map is broken (a trie of {trieSize} bytes in a blob of {blob.Length})");
        }

        var units = new uint[trieSize / 4];
        for (var i = 0; i < units.Length; i++)
        {
            units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob[(sizeof(uint) + (4 * i))..]);
        }

        return new PrecompiledCharsMap(units, blob[(sizeof(uint) + (int)trieSize)..].ToArray());
    }

    /// <summary>The replacement of exactly <paramref name="text"/>, or null where no rule has it as its source.</summary>
    public string? Lookup(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = ExactMatch(Encoding.UTF8.GetBytes(text));
        if (value < 0 || value >= replacements.Length)
        {
            return null;
        }

        var end = Array.IndexOf(replacements, (byte)0, value);
        return Encoding.UTF8.GetString(replacements, value, (end < 0 ? replacements.Length : end) - value);
    }

    /// <summary>Every Unicode scalar value (code point) the rules map to the empty string.</summary>
    public IReadOnlySet<int> DeletedCharacters()
    {
        var deleted = new HashSet<int>();
        Span<byte> utf8 = stackalloc byte[4];
        for (var c = 0; c <= 0x10FFFF; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            var length = new Rune(c).EncodeToUtf8(utf8);
            var value = ExactMatch(utf8[..length]);
            if (value >= 0 && value < replacements.Length && replacements[value] == 0)
            {
                deleted.Add(c);
            }
        }

        return deleted;
    }

    /// <summary>Darts-clone's exactMatchSearch: the value stored for exactly <paramref name="key"/>, or -1.</summary>
    private int ExactMatch(ReadOnlySpan<byte> key)
    {
        if (units.Length == 0)
        {
            return -1;
        }

        uint position = 0;
        var unit = units[0];
        foreach (var b in key)
        {
            position ^= Offset(unit) ^ b;
            if (position >= units.Length)
            {
                return -1;
            }

            unit = units[position];
            if (Label(unit) != b)
            {
                return -1;
            }
        }

        if (!HasLeaf(unit))
        {
            return -1;
        }

        var leaf = position ^ Offset(unit);
        return leaf < units.Length ? (int)(units[leaf] & 0x7FFFFFFF) : -1;
    }

    private static bool HasLeaf(uint unit) => ((unit >> 8) & 1) == 1;

    private static uint Label(uint unit) => unit & (0x80000000 | 0xFF);

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
