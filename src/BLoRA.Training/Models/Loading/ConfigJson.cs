using System.Text.Json;

namespace BLoRA.Training.Models.Loading;

/// <summary>Reads a checkpoint's <c>config.json</c>: its <c>model_type</c>, or the whole file as a config record.</summary>
internal static class ConfigJson
{
    public static T Read<T>(string path)
        where T : class
    {
        RequireFile(path);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path)) ?? throw new ModelLoadException($"{path}: empty configuration.");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path}: not valid JSON or a field has the wrong type ({e.Message}).", e);
        }
    }

    /// <summary>The <c>model_type</c> field (lower case), or null when the file has none.</summary>
    public static string? ReadModelType(string path)
    {
        RequireFile(path);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("model_type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()!.ToLowerInvariant()
                : null;
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"{path}: not found. A Hugging Face checkpoint directory holds config.json, model.safetensors and its tokenizer files.");
        }
    }
}
