namespace BLoRA.Training.Adapters.Export;

/// <summary>Packs non-negative integers of a fixed width (1..32 bits) into bytes, little-endian bit order.</summary>
public static class BitPacker
{
    public static byte[] Pack(IReadOnlyList<long> values, int width)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 32);
        var bytes = new byte[(((long)values.Count * width) + 7) / 8];
        long bit = 0;
        var limit = 1L << width;
        foreach (var v in values)
        {
            if (v < 0 || v >= limit)
            {
                throw new ArgumentOutOfRangeException(nameof(values), v, $"does not fit in {width} bits");
            }

            for (var b = 0; b < width; b++, bit++)
            {
                if (((v >> b) & 1) != 0)
                {
                    bytes[bit >> 3] |= (byte)(1 << (int)(bit & 7));
                }
            }
        }

        return bytes;
    }

    public static long[] Unpack(ReadOnlySpan<byte> bytes, int count, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 32);
        if (bytes.Length * 8L < (long)count * width)
        {
            throw new InvalidDataException($"packed data is truncated: {bytes.Length} bytes cannot hold {count} values of {width} bits.");
        }

        var values = new long[count];
        long bit = 0;
        for (var i = 0; i < count; i++)
        {
            long v = 0;
            for (var b = 0; b < width; b++, bit++)
            {
                if ((bytes[(int)(bit >> 3)] & (1 << (int)(bit & 7))) != 0)
                {
                    v |= 1L << b;
                }
            }

            values[i] = v;
        }

        return values;
    }
}
