using BLoRA.Training.Training;
using Xunit.Abstractions;

namespace BLoRA.Training.Tests.Training;

public sealed class BLoRATrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Strong_prior_ends_with_fewer_bits_lower_rank_and_fewer_bops_than_a_weak_one()
    {
        TorchFixture.EnsureLoaded();
        var weak = Train(priorStrength: 0.1);
        var strong = Train(priorStrength: 300);

        Assert.True(weak.Metrics["accuracy"] > 0.7, $"weak prior accuracy {weak.Metrics["accuracy"]}");
        Assert.True(strong.Metrics["accuracy"] > 0.6, $"strong prior accuracy {strong.Metrics["accuracy"]}");
        Assert.True(strong.Bops.AdapterRelative < weak.Bops.AdapterRelative, $"relative BOPs {strong.Bops.AdapterRelative} vs {weak.Bops.AdapterRelative}");
        Assert.True(MeanBits(strong) < MeanBits(weak), $"bits {MeanBits(strong)} vs {MeanBits(weak)}");
        Assert.True(MeanRank(strong) < MeanRank(weak), $"rank {MeanRank(strong)} vs {MeanRank(weak)}");
    }

    [Fact]
    public void A_trial_with_a_budget_ends_within_it()
    {
        TorchFixture.EnsureLoaded();
        var result = Train(priorStrength: 0.1, budget: 0.25);
        Assert.True(result.BudgetMet);
        Assert.True(result.Bops.AdapterRelative <= 0.25, $"relative BOPs {result.Bops.AdapterRelative}");
        Assert.True(result.Metrics["accuracy"] > 0.6, $"accuracy {result.Metrics["accuracy"]}");
    }

    private TrainingResult Train(double priorStrength, double? budget = null)
    {
        using var model = TrainerFixture.Model();
        var trainer = new BLoRATrainer(model, TrainerFixture.Task, TrainerFixture.Config(priorStrength, budget), TrainerFixture.Options(240));
        var result = trainer.Train();
        output.WriteLine($"prior {priorStrength} budget {budget}: acc {result.Metrics["accuracy"]:0.000} rel {result.Bops.AdapterRelative:0.0000} bits {MeanBits(result):0.0} rank {MeanRank(result):0.0} repairs {result.BudgetRepairs} {result.Seconds:0.0}s loss {result.FinalLoss:0.000}");
        return result;
    }

    private static double MeanBits(TrainingResult r) => r.Bops.Adapters.Values.SelectMany(a => a.Bits.Values).Average();

    private static double MeanRank(TrainingResult r) => r.Bops.Adapters.Values.Average(a => a.LiveRank);
}
