using BLoRA.Training.Adapters;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>The feed-forward block's expansion (<c>dense</c>, hidden to intermediate) and activation.</summary>
public sealed class DebertaIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly AdaptableLinear dense;
    private readonly string activation;

    public DebertaIntermediate(DebertaConfig config)
        : base(nameof(DebertaIntermediate))
    {
        ArgumentNullException.ThrowIfNull(config);
        dense = new AdaptableLinear(config.HiddenSize, config.IntermediateSize);
        activation = config.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        return Activations.Apply(activation, dense.forward(hidden)).to(hidden.dtype);
    }
}
