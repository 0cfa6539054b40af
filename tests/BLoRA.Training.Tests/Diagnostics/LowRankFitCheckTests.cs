using BLoRA.Training.Diagnostics;

namespace BLoRA.Training.Tests.Diagnostics;

public sealed class LowRankFitCheckTests
{
    public LowRankFitCheckTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void Adapter_learns_the_low_rank_update_and_reports_every_step()
    {
        var steps = new List<int>();
        var result = LowRankFitCheck.Run(new LowRankFitSettings { Steps = 200 }, (step, _) => steps.Add(step));

        Assert.Equal(Enumerable.Range(1, 200), steps);
        Assert.True(result.LastLoss < result.FirstLoss / 100, $"loss {result.FirstLoss} -> {result.LastLoss}");
    }

    [Fact]
    public void Same_seed_gives_the_same_losses()
    {
        var settings = new LowRankFitSettings { Steps = 20, Seed = 3 };
        var a = LowRankFitCheck.Run(settings);
        var b = LowRankFitCheck.Run(settings);
        Assert.Equal(a, b);
        Assert.NotEqual(a, LowRankFitCheck.Run(settings with { Seed = 4 }));
    }
}
