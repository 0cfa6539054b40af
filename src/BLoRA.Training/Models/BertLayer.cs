using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>One transformer layer: <c>attention</c>, then the feed-forward <c>intermediate</c> and <c>output</c>.</summary>
public sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertOutput output;

    public BertLayer(BertConfig config)
        : base(nameof(BertLayer))
    {
        attention = new BertAttention(config);
        intermediate = new BertIntermediate(config);
        output = new BertOutput(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        var attended = attention.forward(hidden, additiveMask);
        return output.forward(intermediate.forward(attended), attended);
    }
}
