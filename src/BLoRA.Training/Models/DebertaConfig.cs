using System.Globalization;
using System.Text.Json.Serialization;
using BLoRA.Training.Models.Loading;

namespace BLoRA.Training.Models;

/// <summary>
/// The architecture of a DeBERTa-v2 / DeBERTa-v3 encoder (Hugging Face <c>DebertaV2Config</c>,
/// <c>model_type</c> <c>deberta-v2</c>), with <c>config.json</c>'s field names and Hugging Face's
/// defaults, so <see cref="Load"/> reads a checkpoint's config as it is.
/// </summary>
public sealed record DebertaConfig : IEncoderConfig
{
    /// <summary>The <c>model_type</c> of DeBERTa-v2 and DeBERTa-v3 checkpoints.</summary>
    public const string DebertaV2ModelType = "deberta-v2";

    [JsonPropertyName("model_type")]
    public string ModelType { get; init; } = DebertaV2ModelType;

    [JsonPropertyName("vocab_size")]
    public int VocabSize { get; init; } = 128100;

    [JsonPropertyName("hidden_size")]
    public int HiddenSize { get; init; } = 1536;

    [JsonPropertyName("num_hidden_layers")]
    public int NumHiddenLayers { get; init; } = 24;

    [JsonPropertyName("num_attention_heads")]
    public int NumAttentionHeads { get; init; } = 24;

    [JsonPropertyName("intermediate_size")]
    public int IntermediateSize { get; init; } = 6144;

    [JsonPropertyName("hidden_act")]
    public string HiddenAct { get; init; } = "gelu";

    [JsonPropertyName("hidden_dropout_prob")]
    public double HiddenDropoutProb { get; init; } = 0.1;

    [JsonPropertyName("attention_probs_dropout_prob")]
    public double AttentionProbsDropoutProb { get; init; } = 0.1;

    [JsonPropertyName("max_position_embeddings")]
    public int MaxPositionEmbeddings { get; init; } = 512;

    /// <summary>Token-type embeddings; 0 (DeBERTa-v3) means the model has none and ignores token types.</summary>
    [JsonPropertyName("type_vocab_size")]
    public int TypeVocabSize { get; init; }

    [JsonPropertyName("layer_norm_eps")]
    public double LayerNormEps { get; init; } = 1e-7;

    [JsonPropertyName("initializer_range")]
    public double InitializerRange { get; init; } = 0.02;

    [JsonPropertyName("pad_token_id")]
    public int? PadTokenId { get; init; } = 0;

    /// <summary>Disentangled attention with relative position embeddings (<c>encoder.rel_embeddings</c>).</summary>
    [JsonPropertyName("relative_attention")]
    public bool RelativeAttention { get; init; }

    /// <summary>Largest relative distance; below 1: <see cref="MaxPositionEmbeddings"/>.</summary>
    [JsonPropertyName("max_relative_positions")]
    public int MaxRelativePositions { get; init; } = -1;

    /// <summary>Log-bucketed relative positions with this many buckets each side; 0 or less: no bucketing.</summary>
    [JsonPropertyName("position_buckets")]
    public int PositionBuckets { get; init; } = -1;

    /// <summary>The relative attention terms: <c>c2p</c> (content to position) and/or <c>p2c</c> (position to content).</summary>
    [JsonPropertyName("pos_att_type")]
    [JsonConverter(typeof(PosAttTypeConverter))]
    public IReadOnlyList<string> PosAttType { get; init; } = [];

    /// <summary>Position terms reuse query_proj/key_proj (DeBERTa-v3) instead of pos_query_proj/pos_key_proj.</summary>
    [JsonPropertyName("share_att_key")]
    public bool ShareAttKey { get; init; }

    /// <summary><c>layer_norm</c>: the relative embeddings go through <c>encoder.LayerNorm</c>; <c>none</c>: used as they are.</summary>
    [JsonPropertyName("norm_rel_ebd")]
    public string NormRelEbd { get; init; } = "none";

    /// <summary>Absolute position embeddings added to the input (DeBERTa-v3: false).</summary>
    [JsonPropertyName("position_biased_input")]
    public bool PositionBiasedInput { get; init; } = true;

    /// <summary>Width of the embeddings when it differs from <see cref="HiddenSize"/> (then <c>embed_proj</c> maps it).</summary>
    [JsonPropertyName("embedding_size")]
    public int? EmbeddingSize { get; init; }

    [JsonPropertyName("pooler_hidden_size")]
    public int? PoolerHiddenSize { get; init; }

    [JsonPropertyName("pooler_dropout")]
    public double PoolerDropout { get; init; }

    [JsonPropertyName("pooler_hidden_act")]
    public string PoolerHiddenAct { get; init; } = "gelu";

    /// <summary>Dropout before the classifier (Hugging Face's <c>cls_dropout</c>); null: <see cref="HiddenDropoutProb"/>.</summary>
    [JsonPropertyName("cls_dropout")]
    public double? ClsDropout { get; init; }

    /// <summary>DeBERTa-v2-xlarge's convolution after the first layer: not implemented (must be 0 or absent).</summary>
    [JsonPropertyName("conv_kernel_size")]
    public int ConvKernelSize { get; init; }

    /// <summary>A head width other than hidden / heads: not implemented (must be absent or equal).</summary>
    [JsonPropertyName("attention_head_size")]
    public int? AttentionHeadSize { get; init; }

    /// <summary>microsoft/deberta-v3-base's architecture (the paper's model; its config.json).</summary>
    public static DebertaConfig V3Base { get; } = new()
    {
        VocabSize = 128100,
        HiddenSize = 768,
        NumHiddenLayers = 12,
        NumAttentionHeads = 12,
        IntermediateSize = 3072,
        MaxPositionEmbeddings = 512,
        RelativeAttention = true,
        PositionBuckets = 256,
        NormRelEbd = "layer_norm",
        ShareAttKey = true,
        PosAttType = ["p2c", "c2p"],
        PositionBiasedInput = false,
    };

    public int HeadDim => HiddenSize / NumAttentionHeads;

    public int EmbeddingWidth => EmbeddingSize ?? HiddenSize;

    public bool HasC2P => PosAttType.Contains("c2p");

    public bool HasP2C => PosAttType.Contains("p2c");

    /// <summary>Whether the relative embeddings are layer-normed (<c>norm_rel_ebd</c> contains <c>layer_norm</c>).</summary>
    public bool NormalizesRelativeEmbeddings => NormRelEbdParts.Contains("layer_norm");

    /// <summary>The largest relative distance (Hugging Face's <c>max_relative_positions</c> after its default).</summary>
    public int EffectiveMaxRelativePositions => MaxRelativePositions < 1 ? MaxPositionEmbeddings : MaxRelativePositions;

    /// <summary>Relative positions each side (<c>att_span</c>): the buckets, else the largest distance; <c>rel_embeddings</c> has twice as many rows.</summary>
    public int AttentionSpan => PositionBuckets > 0 ? PositionBuckets : EffectiveMaxRelativePositions;

    /// <summary>What the attention logits are divided by: sqrt(head dim x (1 + number of position terms)).</summary>
    public double ScoreScale => Math.Sqrt(HeadDim * (1.0 + (HasC2P ? 1 : 0) + (HasP2C ? 1 : 0)));

    private string[] NormRelEbdParts =>
        NormRelEbd.ToLowerInvariant().Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Reads a Hugging Face <c>config.json</c> and validates it.</summary>
    public static DebertaConfig Load(string path)
    {
        var config = ConfigJson.Read<DebertaConfig>(path);
        var errors = config.Validate();
        return errors.Count > 0 ? throw new ModelLoadException($"{path}: {string.Join("; ", errors)}.") : config;
    }

    /// <summary>Every problem with this configuration, each naming its config.json key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!string.Equals(ModelType, DebertaV2ModelType, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"model_type '{ModelType}' is not a DeBERTa-v2/v3 model_type (expected '{DebertaV2ModelType}')");
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
        Positive(EmbeddingWidth, "embedding_size");
        if (TypeVocabSize < 0)
        {
            errors.Add($"type_vocab_size must be 0 or more (got {TypeVocabSize})");
        }

        if (NumAttentionHeads > 0 && HiddenSize % NumAttentionHeads != 0)
        {
            errors.Add($"hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumAttentionHeads}");
        }

        if (AttentionHeadSize is { } headSize && NumAttentionHeads > 0 && headSize != HiddenSize / NumAttentionHeads)
        {
            errors.Add($"attention_head_size {headSize} other than hidden_size / num_attention_heads is not supported");
        }

        if (ConvKernelSize > 0)
        {
            errors.Add($"conv_kernel_size {ConvKernelSize} (DeBERTa-v2-xlarge's convolution layer) is not supported; DeBERTa-v3 checkpoints have none");
        }

        foreach (var (key, act) in new[] { ("hidden_act", HiddenAct), ("pooler_hidden_act", PoolerHiddenAct) })
        {
            if (!Activations.IsSupported(act))
            {
                errors.Add($"{key} '{act}' is not supported (supported: {string.Join(", ", Activations.Supported)})");
            }
        }

        var unknownTerms = PosAttType.Where(t => t is not ("c2p" or "p2c")).ToList();
        if (unknownTerms.Count > 0)
        {
            errors.Add($"pos_att_type [{string.Join(", ", unknownTerms)}] is not supported (DeBERTa-v2/v3 terms: c2p, p2c)");
        }

        var unknownNorms = NormRelEbdParts.Where(p => p is not ("none" or "layer_norm")).ToList();
        if (unknownNorms.Count > 0)
        {
            errors.Add($"norm_rel_ebd '{NormRelEbd}' is not supported (none or layer_norm)");
        }

        if (PoolerHiddenSize is { } pooler && pooler != HiddenSize)
        {
            errors.Add($"pooler_hidden_size {pooler} must equal hidden_size {HiddenSize} (the context pooler maps the [CLS] state to itself)");
        }

        if (PadTokenId is { } pad && (pad < 0 || pad >= VocabSize))
        {
            errors.Add($"pad_token_id {pad} is outside the vocabulary (vocab_size {VocabSize})");
        }

        if (!RelativeAttention && !PositionBiasedInput)
        {
            errors.Add("relative_attention and position_biased_input are both false: the model would have no position information");
        }

        foreach (var (key, p) in new[] { ("hidden_dropout_prob", HiddenDropoutProb), ("attention_probs_dropout_prob", AttentionProbsDropoutProb), ("pooler_dropout", PoolerDropout), ("cls_dropout", ClsDropout ?? 0) })
        {
            if (p is < 0 or >= 1)
            {
                errors.Add($"{key} must be in [0, 1) (got {p.ToString(CultureInfo.InvariantCulture)})");
            }
        }

        return errors;
    }
}
