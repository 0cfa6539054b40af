using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>Self-attention (<c>self</c>) followed by its output block (<c>output</c>).</summary>
public sealed class BertAttention : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // Module names in the checkpoint format (Hugging Face's).
    private readonly BertSelfAttention self;
#pragma warning restore IDE1006
    private readonly BertSelfOutput output;

    public BertAttention(BertConfig config)
        : base(nameof(BertAttention))
    {
        self = new BertSelfAttention(config);
        output = new BertSelfOutput(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor additiveMask) =>
        output.forward(self.forward(hidden, additiveMask), hidden);
}
