using BLoRA.Training.Adapters;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// DeBERTa's context pooler (Hugging Face <c>ContextPooler</c>): <c>act(dense(dropout(h[CLS])))</c>,
/// with <c>pooler_dropout</c> and <c>pooler_hidden_act</c>. Part of the classification head.
/// </summary>
public sealed class ContextPooler : nn.Module<Tensor, Tensor>
{
    private readonly AdaptableLinear dense;
    private readonly Dropout dropout;
    private readonly string activation;

    public ContextPooler(DebertaConfig config)
        : base(nameof(ContextPooler))
    {
        ArgumentNullException.ThrowIfNull(config);
        dense = new AdaptableLinear(config.HiddenSize, config.PoolerHiddenSize ?? config.HiddenSize);
        dropout = nn.Dropout(config.PoolerDropout);
        activation = config.PoolerHiddenAct;
        // Hugging Face's init for a head it does not find in the checkpoint: N(0, initializer_range), zero bias.
        using (no_grad())
        {
            dense.weight.normal_(0, config.InitializerRange);
            dense.bias!.zero_();
        }

        RegisterComponents();
    }

    /// <summary>Pools [batch, length, hidden] to [batch, hidden] from the first token.</summary>
    public override Tensor forward(Tensor lastHiddenState)
    {
        ArgumentNullException.ThrowIfNull(lastHiddenState);
        return Activations.Apply(activation, dense.forward(dropout.forward(lastHiddenState.select(1, 0))));
    }
}
