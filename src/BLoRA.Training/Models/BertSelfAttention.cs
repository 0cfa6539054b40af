using BLoRA.Training.Adapters;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// Multi-head self-attention with a padding mask: <c>query</c>, <c>key</c> and <c>value</c> are
/// <see cref="AdaptableLinear"/>s (adapters attach by these names).
/// </summary>
public sealed class BertSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly AdaptableLinear query;
    private readonly AdaptableLinear key;
    private readonly AdaptableLinear value;
    private readonly int heads;
    private readonly int headDim;
    private readonly double attentionDropout;

    public BertSelfAttention(BertConfig config)
        : base(nameof(BertSelfAttention))
    {
        ArgumentNullException.ThrowIfNull(config);
        query = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        key = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        value = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        heads = config.NumAttentionHeads;
        headDim = config.HeadDim;
        attentionDropout = config.AttentionProbsDropoutProb;
        RegisterComponents();
    }

    /// <summary>
    /// <paramref name="hidden"/> [batch, length, hidden]; <paramref name="additiveMask"/> [batch, 1, 1, length]
    /// (0 where attended, a large negative number at padding). Returns the heads' context [batch, length, hidden].
    /// </summary>
    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var batch = hidden.shape[0];
        var length = hidden.shape[1];
        var q = SplitHeads(query.forward(hidden), batch, length);
        var k = SplitHeads(key.forward(hidden), batch, length);
        var v = SplitHeads(value.forward(hidden), batch, length);
        // softmax(q k^T / sqrt(d) + mask) v, fused where the backend has a kernel for it.
        var context = nn.functional.scaled_dot_product_attention(q, k, v, additiveMask, training ? attentionDropout : 0.0);
        return context.transpose(1, 2).reshape(batch, length, heads * headDim);
    }

    private Tensor SplitHeads(Tensor x, long batch, long length) =>
        x.view(batch, length, heads, headDim).transpose(1, 2);
}
