using System.Text;
using System.Text.Json;
using BLoRA.Training.Models;

namespace BLoRA.Training.Tokenization;

/// <summary>
/// Builds a <see cref="TextTokenizer"/> from a Hugging Face checkpoint directory: <c>vocab.txt</c>, or
/// the WordPiece vocabulary inside <c>tokenizer.json</c>. Casing comes from <c>tokenizer_config.json</c>'s
/// <c>do_lower_case</c>, else <c>tokenizer.json</c>'s normalizer <c>lowercase</c>, else the vocabulary
/// itself (a vocabulary without upper-case word pieces is uncased).
/// </summary>
public static class TokenizerFiles
{
    public static TextTokenizer FromDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var vocabPath = Path.Combine(directory, "vocab.txt");
        var tokenizerJsonPath = Path.Combine(directory, "tokenizer.json");
        var configured = ReadDoLowerCase(Path.Combine(directory, "tokenizer_config.json"));
        if (File.Exists(vocabPath))
        {
            var vocabulary = File.ReadAllBytes(vocabPath);
            var lowerCase = configured ?? (File.Exists(tokenizerJsonPath) ? ReadTokenizerJson(tokenizerJsonPath).LowerCase : null) ?? GuessUncased(vocabulary);
            return TextTokenizer.FromVocabulary(new MemoryStream(vocabulary), lowerCase);
        }

        if (File.Exists(tokenizerJsonPath))
        {
            var (vocabulary, jsonLowerCase) = ReadTokenizerJson(tokenizerJsonPath);
            return TextTokenizer.FromVocabulary(new MemoryStream(vocabulary), configured ?? jsonLowerCase ?? GuessUncased(vocabulary));
        }

        throw new ModelLoadException(
            $"{directory}: no vocab.txt or tokenizer.json. A BERT checkpoint directory needs one of them " +
            "(tokenizer.save_pretrained(DIR) writes both).");
    }

    /// <summary>True when no word piece has an upper-case letter (special tokens such as [CLS] aside).</summary>
    public static bool GuessUncased(byte[] vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        foreach (var line in Encoding.UTF8.GetString(vocabulary).Split('\n'))
        {
            var token = line.TrimEnd('\r');
            if (token.StartsWith('[') && token.EndsWith(']'))
            {
                continue;
            }

            if (token.Any(char.IsUpper))
            {
                return false;
            }
        }

        return true;
    }

    private static bool? ReadDoLowerCase(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = ParseJson(path);
        return document.RootElement.TryGetProperty("do_lower_case", out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;
    }

    private static (byte[] Vocabulary, bool? LowerCase) ReadTokenizerJson(string path)
    {
        using var document = ParseJson(path);
        var root = document.RootElement;
        if (!root.TryGetProperty("model", out var model) || !model.TryGetProperty("type", out var type) || type.GetString() != "WordPiece"
            || !model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
        {
            throw new ModelLoadException($"{path}: not a WordPiece tokenizer (model.type must be \"WordPiece\" with a model.vocab object); BERT models need one.");
        }

        var byId = new SortedDictionary<int, string>();
        foreach (var entry in vocab.EnumerateObject())
        {
            byId[entry.Value.GetInt32()] = entry.Name;
        }

        if (byId.Count == 0 || byId.Keys.First() != 0 || byId.Keys.Last() != byId.Count - 1)
        {
            throw new ModelLoadException($"{path}: model.vocab ids must be 0..{byId.Count - 1} without gaps.");
        }

        bool? lowerCase = null;
        if (root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object
            && normalizer.TryGetProperty("lowercase", out var lower) && lower.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            lowerCase = lower.GetBoolean();
        }

        return (Encoding.UTF8.GetBytes(string.Join('\n', byId.Values) + "\n"), lowerCase);
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }
}
