using BLoRA.Training.Adapters;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Adapters;

public sealed class AdaptableLinearTests
{
    public AdaptableLinearTests() => TorchFixture.EnsureLoaded();

    private sealed class Doubler : nn.Module<Tensor, Tensor>
    {
        public Doubler()
            : base(nameof(Doubler)) => RegisterComponents();

        public override Tensor forward(Tensor input) => input.narrow(-1, 0, 2) * 2;
    }

    [Fact]
    public void Without_adapter_it_is_a_linear_layer_with_linear_names()
    {
        using var scope = NewDisposeScope();
        using var layer = new AdaptableLinear(3, 2);
        using var reference = nn.Linear(3, 2);
        reference.load_state_dict(layer.state_dict());
        var x = randn(4, 3);

        Assert.True(layer.forward(x).allclose(reference.forward(x)));
        Assert.Equal(["weight", "bias"], layer.state_dict().Keys);
    }

    [Fact]
    public void Attached_adapter_output_is_added_and_registered_by_name()
    {
        using var scope = NewDisposeScope();
        using var layer = new AdaptableLinear(3, 2);
        var x = randn(4, 3);
        var before = layer.forward(x);

        layer.Attach(new Doubler());

        Assert.True(layer.forward(x).allclose(before + (x.narrow(-1, 0, 2) * 2)));
        Assert.Contains(layer.named_modules(), m => m.name == "adapter");
        Assert.Throws<InvalidOperationException>(() => layer.Attach(new Doubler()));
    }
}
