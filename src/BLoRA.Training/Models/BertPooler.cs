using BLoRA.Training.Adapters;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>BERT's pooler: <c>tanh(dense(h[CLS]))</c>.</summary>
public sealed class BertPooler : nn.Module<Tensor, Tensor>
{
    private readonly AdaptableLinear dense;

    public BertPooler(BertConfig config)
        : base(nameof(BertPooler))
    {
        ArgumentNullException.ThrowIfNull(config);
        dense = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor lastHiddenState) =>
        dense.forward(lastHiddenState.select(1, 0)).tanh();
}
