using BLoRA.Training.Adapters;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>The feed-forward block's expansion (<c>dense</c>, hidden to intermediate) and activation.</summary>
public sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly AdaptableLinear dense;
    private readonly string activation;

    public BertIntermediate(BertConfig config)
        : base(nameof(BertIntermediate))
    {
        ArgumentNullException.ThrowIfNull(config);
        dense = new AdaptableLinear(config.HiddenSize, config.IntermediateSize);
        activation = config.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden) => Activations.Apply(activation, dense.forward(hidden));
}
