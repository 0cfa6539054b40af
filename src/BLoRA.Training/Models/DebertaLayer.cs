using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>One DeBERTa layer: <c>attention</c>, then the feed-forward <c>intermediate.dense</c> and <c>output</c>.</summary>
public sealed class DebertaLayer : nn.Module<Tensor, Tensor, RelativeAttentionInputs?, Tensor>
{
    private readonly DebertaAttention attention;
    private readonly DebertaIntermediate intermediate;
    private readonly DebertaResidualOutput output;

    public DebertaLayer(DebertaConfig config)
        : base(nameof(DebertaLayer))
    {
        ArgumentNullException.ThrowIfNull(config);
        attention = new DebertaAttention(config);
        intermediate = new DebertaIntermediate(config);
        output = new DebertaResidualOutput(config.IntermediateSize, config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor visible, RelativeAttentionInputs? relative)
    {
        var attended = attention.forward(hidden, visible, relative);
        return output.forward(intermediate.forward(attended), attended);
    }
}
