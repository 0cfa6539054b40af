using System.Globalization;
using System.Text.Json;
using BLoRA.Training.Models;

namespace BLoRA.Training.Tokenization;

/// <summary>
/// Builds a <see cref="SentencePieceTextTokenizer"/> from a DeBERTa-v3 checkpoint directory as
/// <c>tokenizer.save_pretrained(DIR)</c> writes it: <c>spm.model</c> (else a Unigram
/// <c>tokenizer.json</c>), special tokens from <c>tokenizer_config.json</c> then
/// <c>special_tokens_map.json</c> (DebertaV2Tokenizer's defaults otherwise), ids of added tokens
/// from <c>added_tokens.json</c> and tokenizer_config.json's <c>added_tokens_decoder</c>, and
/// <c>do_lower_case</c>.
/// </summary>
public static class SentencePieceTokenizerFiles
{
    public static SentencePieceTextTokenizer FromDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var configPath = Path.Combine(directory, "tokenizer_config.json");
        var mapPath = Path.Combine(directory, "special_tokens_map.json");
        var addedPath = Path.Combine(directory, "added_tokens.json");
        using var config = File.Exists(configPath) ? ParseJson(configPath) : null;
        using var map = File.Exists(mapPath) ? ParseJson(mapPath) : null;
        using var added = File.Exists(addedPath) ? ParseJson(addedPath) : null;

        if (config is not null && config.RootElement.TryGetProperty("split_by_punct", out var split) && split.ValueKind == JsonValueKind.True)
        {
            throw new ModelLoadException($"{configPath}: split_by_punct true is not supported (DeBERTa-v3 tokenizers use false).");
        }

        var lowerCase = config is not null && config.RootElement.TryGetProperty("do_lower_case", out var lower) && lower.ValueKind == JsonValueKind.True;
        var defaults = new SpecialTokens();
        string Token(string role, string fallback) =>
            TokenString(config, role) ?? TokenString(map, role) ?? fallback;
        var specials = new SpecialTokens
        {
            Cls = Token("cls_token", defaults.Cls),
            Sep = Token("sep_token", defaults.Sep),
            Pad = Token("pad_token", defaults.Pad),
            Unknown = Token("unk_token", defaults.Unknown),
            Mask = Token("mask_token", defaults.Mask),
        };
        var addedTokens = AddedTokens(config, added, configPath, addedPath);

        var spmPath = Path.Combine(directory, "spm.model");
        var jsonPath = Path.Combine(directory, "tokenizer.json");
        var source = File.Exists(spmPath) ? spmPath : File.Exists(jsonPath) ? jsonPath
            : throw new ModelLoadException(
                $"{directory}: no spm.model or tokenizer.json. A DeBERTa-v3 checkpoint directory needs its SentencePiece model " +
                "(tokenizer.save_pretrained(DIR) writes spm.model).");
        try
        {
            using var stream = File.OpenRead(source);
            return source == spmPath
                ? SentencePieceTextTokenizer.Create(stream, specials, addedTokens, lowerCase)
                : SentencePieceTextTokenizer.FromTokenizerJson(stream, specials, addedTokens, lowerCase);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or JsonException or InvalidDataException or IndexOutOfRangeException)
        {
            throw new ModelLoadException($"{source}: cannot build the SentencePiece tokenizer ({e.Message}).", e);
        }
    }

    /// <summary>A special token's string: either a plain string or Hugging Face's AddedToken object ({"content": ...}).</summary>
    private static string? TokenString(JsonDocument? document, string role)
    {
        if (document is null || !document.RootElement.TryGetProperty(role, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String => content.GetString(),
            _ => null,
        };
    }

    private static Dictionary<string, int> AddedTokens(JsonDocument? config, JsonDocument? added, string configPath, string addedPath)
    {
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        if (config is not null && config.RootElement.TryGetProperty("added_tokens_decoder", out var decoder) && decoder.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in decoder.EnumerateObject())
            {
                if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    || !entry.Value.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                {
                    throw new ModelLoadException($"{configPath}: added_tokens_decoder entry '{entry.Name}' must map an id to {{\"content\": TOKEN}}.");
                }

                tokens[content.GetString()!] = id;
            }
        }

        if (added is not null)
        {
            foreach (var entry in added.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
                {
                    throw new ModelLoadException($"{addedPath}: '{entry.Name}' must map to a non-negative integer id.");
                }

                tokens[entry.Name] = id;
            }
        }

        return tokens;
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document
                : throw new ModelLoadException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }
}
