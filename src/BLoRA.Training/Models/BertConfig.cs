using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BLoRA.Training.Models;

/// <summary>
/// The architecture of a BERT-family encoder, with Hugging Face's <c>config.json</c> field names
/// (so <see cref="Load"/> reads a checkpoint's config as it is). Only what the encoder needs.
/// </summary>
public sealed record BertConfig : IEncoderConfig
{
    [JsonPropertyName("model_type")]
    public string ModelType { get; init; } = "bert";

    [JsonPropertyName("vocab_size")]
    public int VocabSize { get; init; } = 30522;

    [JsonPropertyName("hidden_size")]
    public int HiddenSize { get; init; } = 768;

    [JsonPropertyName("num_hidden_layers")]
    public int NumHiddenLayers { get; init; } = 12;

    [JsonPropertyName("num_attention_heads")]
    public int NumAttentionHeads { get; init; } = 12;

    [JsonPropertyName("intermediate_size")]
    public int IntermediateSize { get; init; } = 3072;

    [JsonPropertyName("hidden_act")]
    public string HiddenAct { get; init; } = "gelu";

    [JsonPropertyName("hidden_dropout_prob")]
    public double HiddenDropoutProb { get; init; } = 0.1;

    [JsonPropertyName("attention_probs_dropout_prob")]
    public double AttentionProbsDropoutProb { get; init; } = 0.1;

    [JsonPropertyName("max_position_embeddings")]
    public int MaxPositionEmbeddings { get; init; } = 512;

    [JsonPropertyName("type_vocab_size")]
    public int TypeVocabSize { get; init; } = 2;

    [JsonPropertyName("layer_norm_eps")]
    public double LayerNormEps { get; init; } = 1e-12;

    [JsonPropertyName("pad_token_id")]
    public int? PadTokenId { get; init; }

    [JsonPropertyName("position_embedding_type")]
    public string PositionEmbeddingType { get; init; } = "absolute";

    /// <summary>The configuration of all-MiniLM-L6-v2, the embedded default (its ONNX carries no config).</summary>
    public static BertConfig MiniLmL6 { get; } = new()
    {
        VocabSize = 30522,
        HiddenSize = 384,
        NumHiddenLayers = 6,
        NumAttentionHeads = 12,
        IntermediateSize = 1536,
        MaxPositionEmbeddings = 512,
        PadTokenId = 0,
    };

    public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>Reads a Hugging Face <c>config.json</c> and validates it.</summary>
    public static BertConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"{path}: not found. A Hugging Face checkpoint directory holds config.json, model.safetensors and vocab.txt or tokenizer.json.");
        }

        BertConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<BertConfig>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path}: not valid JSON ({e.Message}).", e);
        }

        if (config is null)
        {
            throw new ModelLoadException($"{path}: empty configuration.");
        }

        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ModelLoadException($"{path}: {string.Join("; ", errors)}.");
        }

        return config;
    }

    /// <summary>Every problem with this configuration, each naming its config.json key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!string.Equals(ModelType, "bert", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"model_type '{ModelType}' is not implemented (this build has model_type 'bert' and 'deberta-v2' (DeBERTa-v2 and -v3))");
        }

        void Positive(int value, string key)
        {
            if (value <= 0)
            {
                errors.Add($"{key} must be positive (got {value.ToString(CultureInfo.InvariantCulture)})");
            }
        }

        Positive(VocabSize, "vocab_size");
        Positive(HiddenSize, "hidden_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(IntermediateSize, "intermediate_size");
        Positive(MaxPositionEmbeddings, "max_position_embeddings");
        Positive(TypeVocabSize, "type_vocab_size");
        if (NumAttentionHeads > 0 && HiddenSize % NumAttentionHeads != 0)
        {
            errors.Add($"hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumAttentionHeads}");
        }

        if (!Activations.IsSupported(HiddenAct))
        {
            errors.Add($"hidden_act '{HiddenAct}' is not supported (supported: {string.Join(", ", Activations.Supported)})");
        }

        if (PositionEmbeddingType != "absolute")
        {
            errors.Add($"position_embedding_type '{PositionEmbeddingType}' is not supported (only 'absolute')");
        }

        if (HiddenDropoutProb is < 0 or >= 1 || AttentionProbsDropoutProb is < 0 or >= 1)
        {
            errors.Add("hidden_dropout_prob and attention_probs_dropout_prob must be in [0, 1)");
        }

        return errors;
    }
}
