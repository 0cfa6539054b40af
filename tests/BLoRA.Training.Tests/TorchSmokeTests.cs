using TorchSharp;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests;

/// <summary>Real TorchSharp work on this machine: a module's forward and backward, checked by hand.</summary>
public sealed class TorchSmokeTests
{
    public TorchSmokeTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void Linear_forward_and_backward_match_a_hand_computation()
    {
        using var scope = NewDisposeScope();
        using var linear = nn.Linear(3, 2);
        using (no_grad())
        {
            linear.weight!.copy_(tensor(new float[,] { { 1, 2, 3 }, { -1, 0.5f, 2 } }));
            linear.bias!.copy_(tensor(new float[] { 0.5f, -1 }));
        }

        var x = tensor(new float[,] { { 1, 0, -1 }, { 2, 1, 0 } });
        var y = linear.forward(x);

        // y = x W^T + b, by hand.
        float[,] expectedY = { { 1 - 3 + 0.5f, -1 - 2 - 1 }, { 2 + 2 + 0.5f, -2 + 0.5f - 1 } };
        var yData = y.data<float>().ToArray();
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                Assert.Equal(expectedY[i, j], yData[(i * 2) + j], 5);
            }
        }

        // L = 1/2 sum(y^2)  =>  dL/dW = y^T x,  dL/db = sum_rows(y).
        var loss = y.pow(2).sum() * 0.5;
        loss.backward();
        var gradW = linear.weight!.grad!.data<float>().ToArray();
        var gradB = linear.bias!.grad!.data<float>().ToArray();
        for (var o = 0; o < 2; o++)
        {
            for (var k = 0; k < 3; k++)
            {
                var expected = (expectedY[0, o] * (float)x[0, k].item<float>()) + (expectedY[1, o] * x[1, k].item<float>());
                Assert.Equal(expected, gradW[(o * 3) + k], 4);
            }

            Assert.Equal(expectedY[0, o] + expectedY[1, o], gradB[o], 4);
        }
    }

    [Fact]
    public void Dispose_scope_releases_every_tensor_made_inside_it()
    {
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (NewDisposeScope())
        {
            for (var i = 0; i < 100; i++)
            {
                _ = randn(16, 16).matmul(randn(16, 16)).relu();
            }
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
