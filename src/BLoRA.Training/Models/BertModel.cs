using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// A BERT encoder with Hugging Face <c>BertModel</c>'s module and parameter names
/// (<c>embeddings.*</c>, <c>encoder.layer.N.*</c>, <c>pooler.dense.*</c>), so its
/// <c>state_dict</c> and a Hugging Face checkpoint match key for key. Every linear layer is an
/// <see cref="Adapters.AdaptableLinear"/> (e.g. <c>encoder.layer.0.attention.self.query</c>).
/// </summary>
public sealed class BertModel : nn.Module<Tensor, Tensor, Tensor, EncoderOutput>
{
    /// <summary>The name Hugging Face task models give this module (<c>bert.encoder...</c> in BertForSequenceClassification).</summary>
    public const string BaseModelPrefix = "bert";

    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertPooler pooler;

    public BertModel(BertConfig config)
        : base(nameof(BertModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid BERT configuration: {string.Join("; ", errors)}", nameof(config));
        }

        Config = config;
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = new BertPooler(config);
        RegisterComponents();
    }

    public BertConfig Config { get; }

    /// <summary>
    /// <paramref name="inputIds"/>, <paramref name="attentionMask"/> (1 = token, 0 = padding) and
    /// <paramref name="tokenTypeIds"/>: int64 [batch, length]. Call it inside a dispose scope.
    /// </summary>
    public override EncoderOutput forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(attentionMask);
        if (inputIds.dim() != 2 || !inputIds.shape.SequenceEqual(attentionMask.shape) || !inputIds.shape.SequenceEqual(tokenTypeIds.shape))
        {
            throw new ArgumentException(
                $"input_ids, attention_mask and token_type_ids must all be [batch, length]; got [{string.Join(", ", inputIds.shape)}], " +
                $"[{string.Join(", ", attentionMask.shape)}], [{string.Join(", ", tokenTypeIds.shape)}]");
        }

        if (inputIds.shape[1] > Config.MaxPositionEmbeddings)
        {
            throw new ArgumentException($"sequence length {inputIds.shape[1]} exceeds max_position_embeddings {Config.MaxPositionEmbeddings}");
        }

        var hidden = embeddings.forward(inputIds, tokenTypeIds);
        var mask = AdditiveMask(attentionMask, hidden.dtype);
        var last = encoder.forward(hidden, mask);
        return new EncoderOutput(last, pooler.forward(last));
    }

    /// <summary>[batch, length] of 1/0 to [batch, 1, 1, length] of 0/lowest, added to attention scores (as Hugging Face does).</summary>
    internal static Tensor AdditiveMask(Tensor attentionMask, ScalarType dtype)
    {
        var lowest = dtype switch
        {
            ScalarType.Float16 => -65504.0,
            ScalarType.BFloat16 => -3.3895313892515355e38,
            ScalarType.Float64 => double.MinValue,
            _ => float.MinValue,
        };
        return (1.0 - attentionMask.to_type(dtype)).mul(lowest).unsqueeze(1).unsqueeze(2);
    }
}
