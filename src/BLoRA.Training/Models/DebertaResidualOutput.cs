using BLoRA.Training.Adapters;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// A projection back to the hidden size (<c>dense</c>), dropout and residual LayerNorm: DeBERTa's
/// <c>attention.output</c> and <c>output</c> blocks. The projection is cast to the residual's dtype
/// first, so an fp32 adapter on a bf16 model keeps the stream in bf16.
/// </summary>
public sealed class DebertaResidualOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly AdaptableLinear dense;
#pragma warning disable IDE1006 // Module name in the checkpoint format (Hugging Face's).
    private readonly LayerNorm LayerNorm;
#pragma warning restore IDE1006
    private readonly Dropout dropout;

    public DebertaResidualOutput(long inFeatures, DebertaConfig config)
        : base(nameof(DebertaResidualOutput))
    {
        ArgumentNullException.ThrowIfNull(config);
        dense = new AdaptableLinear(inFeatures, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor residual)
    {
        ArgumentNullException.ThrowIfNull(residual);
        return LayerNorm.forward(dropout.forward(dense.forward(input).to(residual.dtype)) + residual);
    }
}
