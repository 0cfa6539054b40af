using BLoRA.Training.Adapters;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>The attention block's output projection (<c>dense</c>), dropout and residual LayerNorm.</summary>
public sealed class BertSelfOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly AdaptableLinear dense;
#pragma warning disable IDE1006 // Module name in the checkpoint format (Hugging Face's).
    private readonly LayerNorm LayerNorm;
#pragma warning restore IDE1006
    private readonly Dropout dropout;

    public BertSelfOutput(BertConfig config)
        : base(nameof(BertSelfOutput))
    {
        ArgumentNullException.ThrowIfNull(config);
        dense = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public override Tensor forward(Tensor context, Tensor residual) =>
        LayerNorm.forward(dropout.forward(dense.forward(context)) + residual);
}
