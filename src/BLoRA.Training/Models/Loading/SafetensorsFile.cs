using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BLoRA.Training.Models.Loading;

/// <summary>
/// Reads a <c>.safetensors</c> file with TorchSharp.PyBridge, after checking its header against the
/// file's length so that a truncated or corrupt file is reported by name (and by the first tensor
/// whose bytes are missing) instead of failing somewhere inside the reader.
/// </summary>
internal static class SafetensorsFile
{
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"{path}: not found.");
        }

        Validate(path);
        try
        {
            return Safetensors.LoadStateDict(path);
        }
        catch (Exception e) when (e is not ModelLoadException and not OutOfMemoryException)
        {
            throw new ModelLoadException($"{path}: cannot read this safetensors file ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    private static void Validate(string path)
    {
        using var stream = File.OpenRead(path);
        var fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
        {
            throw new ModelLoadException($"{path}: truncated safetensors file ({fileLength} bytes, shorter than its 8-byte header length).");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > 100_000_000 || 8 + (long)headerLength > fileLength)
        {
            throw new ModelLoadException($"{path}: truncated or not a safetensors file (header length {headerLength} bytes declared, the file has {fileLength}); re-download or re-save the checkpoint.");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path}: corrupt safetensors header ({e.Message}).", e);
        }

        using (document)
        {
            var dataLength = fileLength - 8 - (long)headerLength;
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    continue;
                }

                if (!entry.Value.TryGetProperty("data_offsets", out var offsets) || offsets.GetArrayLength() != 2)
                {
                    throw new ModelLoadException($"{path}: corrupt safetensors header: tensor '{entry.Name}' has no data_offsets.");
                }

                var begin = offsets[0].GetInt64();
                var end = offsets[1].GetInt64();
                if (end > dataLength)
                {
                    throw new ModelLoadException(
                        $"{path}: truncated safetensors file: tensor '{entry.Name}' ends at byte {end} of the data section, " +
                        $"which has only {dataLength} bytes (re-download or re-save the checkpoint).");
                }

                CheckShape(path, entry, begin, end);
            }
        }
    }

    /// <summary>The bytes a tensor's dtype and shape need must be the bytes its offsets hold: a header that disagrees is corrupt.</summary>
    private static void CheckShape(string path, JsonProperty entry, long begin, long end)
    {
        if (begin < 0 || begin > end)
        {
            throw new ModelLoadException($"{path}: corrupt safetensors header: tensor '{entry.Name}' has data_offsets [{begin}, {end}] (re-save the checkpoint).");
        }

        if (!entry.Value.TryGetProperty("dtype", out var dtype) || !entry.Value.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
        {
            throw new ModelLoadException($"{path}: corrupt safetensors header: tensor '{entry.Name}' has no dtype or shape (re-save the checkpoint).");
        }

        var size = dtype.GetString() switch
        {
            "F64" or "I64" or "U64" => 8,
            "F32" or "I32" or "U32" => 4,
            "F16" or "BF16" or "I16" or "U16" => 2,
            "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" => 1,
            _ => 0,
        };
        if (size == 0)
        {
            return; // an unusual dtype: the reader below names it
        }

        var elements = 1L;
        var dims = new List<long>();
        foreach (var d in shape.EnumerateArray())
        {
            var n = d.GetInt64();
            dims.Add(n);
            elements = n < 0 || (n > 0 && elements > long.MaxValue / n / size) ? -1 : elements * n;
            if (elements < 0)
            {
                break;
            }
        }

        if (elements < 0 || elements * size != end - begin)
        {
            throw new ModelLoadException(
                $"{path}: corrupt safetensors header: tensor '{entry.Name}' has shape [{string.Join(", ", dims)}] of {dtype.GetString()} " +
                $"({(elements < 0 ? "too many" : (elements * size).ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes) but its data_offsets hold {end - begin} bytes (re-save the checkpoint).");
        }
    }
}
