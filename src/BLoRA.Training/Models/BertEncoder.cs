using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>The stack of transformer layers, registered as <c>layer.0</c>, <c>layer.1</c>, ...</summary>
public sealed class BertEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config)
        : base(nameof(BertEncoder))
    {
        ArgumentNullException.ThrowIfNull(config);
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        foreach (var block in layer)
        {
            hidden = block.forward(hidden, additiveMask);
        }

        return hidden;
    }
}
