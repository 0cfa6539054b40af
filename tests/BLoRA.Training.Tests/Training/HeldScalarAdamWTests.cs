using BLoRA.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Training;

/// <summary>The held-scalar AdamW takes the same steps as TorchSharp's AdamW (two groups, weight decay on one).</summary>
public sealed class HeldScalarAdamWTests
{
    [Fact]
    public void Ten_steps_match_torchsharps_adamw()
    {
        TorchFixture.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(4);
        var start = (randn(16, 8), randn(8));
        var (oursA, oursB) = (new Parameter(start.Item1.clone()), new Parameter(start.Item2.clone()));
        var (theirsA, theirsB) = (new Parameter(start.Item1.clone()), new Parameter(start.Item2.clone()));
        using var ours = new HeldScalarAdamW([new AdamW.ParamGroup([oursA], lr: 0.01, weight_decay: 0.1), new AdamW.ParamGroup([oursB], lr: 0.05, weight_decay: 0)], 0.01);
        using var theirs = optim.AdamW([new AdamW.ParamGroup([theirsA], lr: 0.01, weight_decay: 0.1), new AdamW.ParamGroup([theirsB], lr: 0.05, weight_decay: 0)], lr: 0.01);

        for (var step = 0; step < 10; step++)
        {
            var x = randn(4, 16);
            foreach (var (optimizer, a, b) in new (optim.Optimizer, Parameter, Parameter)[] { (ours, oursA, oursB), (theirs, theirsA, theirsB) })
            {
                optimizer.zero_grad();
                x.matmul(a).add(b).pow(2).mean().backward();
                optimizer.step();
            }
        }

        Assert.True(oursA.allclose(theirsA, rtol: 1e-6, atol: 1e-7));
        Assert.True(oursB.allclose(theirsB, rtol: 1e-6, atol: 1e-7));
        Assert.False(oursA.allclose(start.Item1), "the parameters should have moved");
    }
}
