using BLoRA.Training.Adapters;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// DeBERTa's disentangled self-attention (Hugging Face <c>DisentangledSelfAttention</c>): content to
/// content, content to position (<c>c2p</c>) and position to content (<c>p2c</c>) logits over
/// relative positions, all divided by sqrt(head dim x (1 + number of position terms)). Position
/// keys/queries come from <c>key_proj</c>/<c>query_proj</c> when <c>share_att_key</c>, else from
/// <c>pos_key_proj</c>/<c>pos_query_proj</c>. Every projection is an <see cref="AdaptableLinear"/>.
/// </summary>
/// <remarks>
/// bf16-safe: the scale is applied to the queries (and keys for p2c) before any product, so no term
/// is large; each term is widened to float32 before the terms are added, masked (filled with a
/// finite value, never added to) and soft-maxed; only the probabilities go back to the value dtype.
/// A query row with no visible key (a padding position) attends uniformly, as transformers does.
/// </remarks>
public sealed class DisentangledSelfAttention : nn.Module<Tensor, Tensor, RelativeAttentionInputs?, Tensor>
{
    /// <summary>The logit masked positions get: finite in float32 and bfloat16, and far below any real logit.</summary>
    public const float MaskValue = -1e30f;

#pragma warning disable IDE1006 // Field names are module names in the checkpoint format (Hugging Face's).
    private readonly AdaptableLinear query_proj;
    private readonly AdaptableLinear key_proj;
    private readonly AdaptableLinear value_proj;
    private readonly AdaptableLinear? pos_key_proj;
    private readonly AdaptableLinear? pos_query_proj;
    private readonly Dropout pos_dropout;
#pragma warning restore IDE1006
    private readonly Dropout dropout;
    private readonly DebertaConfig config;
    private readonly bool c2p;
    private readonly bool p2c;

    public DisentangledSelfAttention(DebertaConfig config)
        : base(nameof(DisentangledSelfAttention))
    {
        ArgumentNullException.ThrowIfNull(config);
        this.config = config;
        query_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        key_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        value_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        c2p = config.RelativeAttention && config.HasC2P;
        p2c = config.RelativeAttention && config.HasP2C;
        if (!config.ShareAttKey)
        {
            pos_key_proj = c2p ? new AdaptableLinear(config.HiddenSize, config.HiddenSize) : null;
            pos_query_proj = p2c ? new AdaptableLinear(config.HiddenSize, config.HiddenSize) : null;
        }

        pos_dropout = nn.Dropout(config.HiddenDropoutProb);
        dropout = nn.Dropout(config.AttentionProbsDropoutProb);
        RegisterComponents();
    }

    /// <summary>
    /// <paramref name="hidden"/> [batch, length, hidden]; <paramref name="visible"/> bool [batch, 1, length, length]
    /// (query i may see key j); <paramref name="relative"/> when the model has relative attention.
    /// Returns the heads' context [batch, length, hidden] in <paramref name="hidden"/>'s dtype.
    /// </summary>
    public override Tensor forward(Tensor hidden, Tensor visible, RelativeAttentionInputs? relative)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(visible);
        var batch = hidden.shape[0];
        var length = hidden.shape[1];
        var dtype = hidden.dtype;
        var scale = config.ScoreScale;
        var q = SplitHeads(query_proj.forward(hidden).to(dtype));
        var k = SplitHeads(key_proj.forward(hidden).to(dtype));
        var v = SplitHeads(value_proj.forward(hidden).to(dtype));
        var scaledQ = q / scale;
        var scores = scaledQ.matmul(k.transpose(-1, -2)).to(ScalarType.Float32);
        if (relative is not null && (c2p || p2c))
        {
            scores = scores + PositionTerms(scaledQ, k, relative, scale);
        }

        var probs = dropout.forward(scores.masked_fill(visible.logical_not(), MaskValue).softmax(-1));
        var context = probs.to(v.dtype).matmul(v);
        return context.transpose(1, 2).reshape(batch, length, config.HiddenSize).to(dtype);
    }

    /// <summary>c2p + p2c logits [batch, heads, length, length] in float32, already scaled.</summary>
    private Tensor PositionTerms(Tensor scaledQ, Tensor k, RelativeAttentionInputs relative, double scale)
    {
        var batch = scaledQ.shape[0];
        var length = scaledQ.shape[2];
        var embeddings = pos_dropout.forward(relative.Embeddings).to(scaledQ.dtype);
        Tensor? terms = null;
        if (c2p)
        {
            // Content to position: query i against the position key of bucket(i - j).
            var posKey = SplitHeads((pos_key_proj ?? key_proj).forward(embeddings).to(scaledQ.dtype).unsqueeze(0));
            var index = relative.C2PIndex.expand(batch, config.NumAttentionHeads, length, length);
            terms = scaledQ.matmul(posKey.transpose(-1, -2)).gather(-1, index).to(ScalarType.Float32);
        }

        if (p2c)
        {
            // Position to content: key j against the position query of bucket(j - i), transposed to [query, key].
            var posQuery = SplitHeads((pos_query_proj ?? query_proj).forward(embeddings).to(scaledQ.dtype).unsqueeze(0));
            var index = relative.P2CIndex.expand(batch, config.NumAttentionHeads, length, length);
            var term = (k / scale).matmul(posQuery.transpose(-1, -2)).gather(-1, index).transpose(-1, -2).to(ScalarType.Float32);
            terms = terms is null ? term : terms + term;
        }

        return terms!;
    }

    /// <summary>[batch, length, heads x dim] to [batch, heads, length, dim].</summary>
    private Tensor SplitHeads(Tensor x) =>
        x.view(x.shape[0], x.shape[1], config.NumAttentionHeads, config.HeadDim).transpose(1, 2);
}
