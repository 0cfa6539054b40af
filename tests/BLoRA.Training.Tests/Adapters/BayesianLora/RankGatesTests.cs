using BLoRA.Training.Adapters.BayesianLora;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Adapters.BayesianLora;

public sealed class RankGatesTests
{
    public RankGatesTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void Mask_of_the_test_vector_is_ordered()
    {
        using var scope = NewDisposeScope();
        var m = RankGates.MaskFromGates(tensor(new[] { 1f, 1f, 0f, 1f }));
        Assert.Equal([1f, 1f, 1f, 0f, 0f], m.data<float>().ToArray());
    }

    [Theory]
    [InlineData(new[] { 6f, 6f, -6f, 6f }, new[] { 1f, 1f, 1f, 0f, 0f }, 3)]
    [InlineData(new[] { 6f, 6f, 6f, 6f }, new[] { 1f, 1f, 1f, 1f, 1f }, 5)]
    [InlineData(new[] { -6f, 6f, 6f, 6f }, new[] { 1f, 0f, 0f, 0f, 0f }, 1)]
    public void Eval_mask_and_live_rank_follow_the_first_closed_gate(float[] logits, float[] mask, int liveRank)
    {
        using var scope = NewDisposeScope();
        using var gates = new RankGates(5, 6.0);
        using (no_grad())
        {
            gates.logits.copy_(tensor(logits));
        }

        gates.eval();
        Assert.Equal(mask, gates.Mask().data<float>().ToArray());
        Assert.Equal(liveRank, gates.LiveRank());
    }

    [Fact]
    public void Expected_rank_is_one_plus_the_sum_of_cumulative_probabilities()
    {
        using var scope = NewDisposeScope();
        using var gates = new RankGates(3, 0.0);
        var q = 0.8318222;
        Assert.Equal(1 + q + (q * q), gates.ExpectedRank().item<float>(), 5);
    }

    [Fact]
    public void Training_mask_is_ordered_every_sample()
    {
        using var scope = NewDisposeScope();
        using var gates = new RankGates(8, 0.0);
        gates.train();
        for (var i = 0; i < 50; i++)
        {
            var m = gates.Mask().data<float>().ToArray();
            Assert.Equal(1f, m[0]);
            for (var k = 1; k < m.Length; k++)
            {
                Assert.True(m[k] <= m[k - 1], $"mask {string.Join(",", m)} is not ordered");
            }
        }
    }
}
