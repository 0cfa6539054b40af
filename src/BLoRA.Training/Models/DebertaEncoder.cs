using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// DeBERTa's layer stack (<c>layer.N</c>) with what the layers share: the relative position
/// embeddings (<c>rel_embeddings</c>, 2 x span rows) and their LayerNorm (<c>LayerNorm</c>, when
/// <c>norm_rel_ebd</c> is <c>layer_norm</c>), and the relative positions of the batch's length.
/// </summary>
public sealed class DebertaEncoder : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are module names in the checkpoint format (Hugging Face's).
    private readonly ModuleList<DebertaLayer> layer;
    private readonly Embedding? rel_embeddings;
    private readonly LayerNorm? LayerNorm;
#pragma warning restore IDE1006
    private readonly DebertaConfig config;

    public DebertaEncoder(DebertaConfig config)
        : base(nameof(DebertaEncoder))
    {
        ArgumentNullException.ThrowIfNull(config);
        this.config = config;
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new DebertaLayer(config)).ToArray());
        rel_embeddings = config.RelativeAttention ? nn.Embedding(2L * config.AttentionSpan, config.HiddenSize) : null;
        LayerNorm = config.NormalizesRelativeEmbeddings ? nn.LayerNorm(config.HiddenSize, config.LayerNormEps) : null;
        RegisterComponents();
    }

    /// <summary><paramref name="hidden"/> [batch, length, hidden]; <paramref name="attentionMask"/> [batch, length] of 1/0.</summary>
    public override Tensor forward(Tensor hidden, Tensor attentionMask)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(attentionMask);
        // Query i sees key j when both are tokens; a padding query sees nothing (and attends uniformly).
        var tokens = attentionMask.to_type(ScalarType.Bool);
        var visible = tokens.unsqueeze(2).logical_and(tokens.unsqueeze(1)).unsqueeze(1);
        var relative = RelativeInputs(hidden.shape[1]);
        foreach (var block in layer)
        {
            hidden = block.forward(hidden, visible, relative);
        }

        return hidden;
    }

    private RelativeAttentionInputs? RelativeInputs(long length)
    {
        if (rel_embeddings is null)
        {
            return null;
        }

        var embeddings = LayerNorm is null ? rel_embeddings.weight! : LayerNorm.forward(rel_embeddings.weight!);
        // Positions are built on the CPU (a [length, length] table) so that their reach is read without a device sync.
        var positions = RelativePositions.Build(length, length, config.PositionBuckets, config.EffectiveMaxRelativePositions);
        return RelativeAttentionInputs.Create(positions, embeddings, config.AttentionSpan);
    }
}
