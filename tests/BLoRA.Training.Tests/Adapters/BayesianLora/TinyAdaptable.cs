using BLoRA.Training.Adapters;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Adapters.BayesianLora;

/// <summary>A tiny model with three adaptable projections and a head, for table-driven adapter tests.</summary>
internal sealed class TinyAdaptable : nn.Module<Tensor, Tensor>
{
    private readonly AdaptableLinear query;
    private readonly AdaptableLinear key;
    private readonly AdaptableLinear value;
    private readonly AdaptableLinear classifier;

    public TinyAdaptable(int width = 16, int classes = 2, long seed = 1)
        : base(nameof(TinyAdaptable))
    {
        manual_seed(seed);
        query = new AdaptableLinear(width, width);
        key = new AdaptableLinear(width, width);
        value = new AdaptableLinear(width, width);
        classifier = new AdaptableLinear(width, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        classifier.forward((query.forward(input) + key.forward(input) + value.forward(input)).tanh());
}
