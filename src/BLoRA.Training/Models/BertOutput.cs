using BLoRA.Training.Adapters;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>The feed-forward block's projection back (<c>dense</c>, intermediate to hidden), dropout and residual LayerNorm.</summary>
public sealed class BertOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly AdaptableLinear dense;
#pragma warning disable IDE1006 // Module name in the checkpoint format (Hugging Face's).
    private readonly LayerNorm LayerNorm;
#pragma warning restore IDE1006
    private readonly Dropout dropout;

    public BertOutput(BertConfig config)
        : base(nameof(BertOutput))
    {
        ArgumentNullException.ThrowIfNull(config);
        dense = new AdaptableLinear(config.IntermediateSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public override Tensor forward(Tensor intermediate, Tensor residual) =>
        LayerNorm.forward(dropout.forward(dense.forward(intermediate)) + residual);
}
