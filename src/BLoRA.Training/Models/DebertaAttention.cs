using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>Disentangled self-attention (<c>self</c>) followed by its output block (<c>output</c>).</summary>
public sealed class DebertaAttention : nn.Module<Tensor, Tensor, RelativeAttentionInputs?, Tensor>
{
#pragma warning disable IDE1006 // Module names in the checkpoint format (Hugging Face's).
    private readonly DisentangledSelfAttention self;
#pragma warning restore IDE1006
    private readonly DebertaResidualOutput output;

    public DebertaAttention(DebertaConfig config)
        : base(nameof(DebertaAttention))
    {
        ArgumentNullException.ThrowIfNull(config);
        self = new DisentangledSelfAttention(config);
        output = new DebertaResidualOutput(config.HiddenSize, config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor visible, RelativeAttentionInputs? relative) =>
        output.forward(self.forward(hidden, visible, relative), hidden);
}
