using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// A DeBERTa-v2 / DeBERTa-v3 encoder with Hugging Face <c>DebertaV2Model</c>'s module and parameter
/// names (<c>embeddings.*</c>, <c>encoder.layer.N.attention.self.query_proj</c>, ...,
/// <c>encoder.rel_embeddings</c>, <c>encoder.LayerNorm</c>), so its <c>state_dict</c> and a Hugging
/// Face checkpoint match key for key. Every linear layer is an <see cref="Adapters.AdaptableLinear"/>.
/// </summary>
public sealed class DebertaModel : nn.Module<Tensor, Tensor, Tensor, EncoderOutput>
{
    /// <summary>The name Hugging Face task models give this module (<c>deberta.encoder...</c> in DebertaV2ForSequenceClassification).</summary>
    public const string BaseModelPrefix = "deberta";

    private readonly DebertaEmbeddings embeddings;
    private readonly DebertaEncoder encoder;

    public DebertaModel(DebertaConfig config)
        : base(nameof(DebertaModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid DeBERTa configuration: {string.Join("; ", errors)}", nameof(config));
        }

        Config = config;
        embeddings = new DebertaEmbeddings(config);
        encoder = new DebertaEncoder(config);
        RegisterComponents();
    }

    public DebertaConfig Config { get; }

    /// <summary>
    /// <paramref name="inputIds"/>, <paramref name="attentionMask"/> (1 = token, 0 = padding) and
    /// <paramref name="tokenTypeIds"/> (ignored when the model has no token types): int64 [batch, length].
    /// DeBERTa's base model has no pooler: <see cref="EncoderOutput.PoolerOutput"/> is the first token's
    /// last hidden state (the classifier's <see cref="ContextPooler"/> pools it). Call it inside a dispose scope.
    /// </summary>
    public override EncoderOutput forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(attentionMask);
        ArgumentNullException.ThrowIfNull(tokenTypeIds);
        if (inputIds.dim() != 2 || !inputIds.shape.SequenceEqual(attentionMask.shape) || !inputIds.shape.SequenceEqual(tokenTypeIds.shape))
        {
            throw new ArgumentException(
                $"input_ids, attention_mask and token_type_ids must all be [batch, length]; got [{string.Join(", ", inputIds.shape)}], " +
                $"[{string.Join(", ", attentionMask.shape)}], [{string.Join(", ", tokenTypeIds.shape)}]");
        }

        if (Config.PositionBiasedInput && inputIds.shape[1] > Config.MaxPositionEmbeddings)
        {
            throw new ArgumentException($"sequence length {inputIds.shape[1]} exceeds max_position_embeddings {Config.MaxPositionEmbeddings}");
        }

        var hidden = embeddings.forward(inputIds, tokenTypeIds, attentionMask);
        var last = encoder.forward(hidden, attentionMask);
        return new EncoderOutput(last, last.select(1, 0));
    }
}
