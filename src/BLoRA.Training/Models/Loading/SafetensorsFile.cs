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
            throw new ModelLoadException($"{path}: truncated or not a safetensors file (header of {headerLength} bytes declared, file has {fileLength}).");
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

                var end = offsets[1].GetInt64();
                if (end > dataLength)
                {
                    throw new ModelLoadException(
                        $"{path}: truncated safetensors file: tensor '{entry.Name}' ends at byte {end} of the data section, " +
                        $"which has only {dataLength} bytes (re-download or re-save the checkpoint).");
                }
            }
        }
    }
}
