using BLoRA.Training.Training;

namespace BLoRA.Training.Tests.Training;

public sealed class MetricsTests
{
    private static readonly int[] Predicted = [1, 1, 0, 0, 1, 0, 1, 1];
    private static readonly int[] Labels = [1, 0, 0, 0, 1, 1, 1, 0];

    [Fact]
    public void Binary_metrics_match_a_hand_computation()
    {
        // tp = 3, fp = 2, fn = 1, tn = 2
        Assert.Equal(5 / 8.0, Metrics.ComputeAccuracy(Predicted, Labels), 12);
        Assert.Equal(6 / 9.0, Metrics.ComputeF1(Predicted, Labels), 12);
        var mcc = ((3 * 2) - (2 * 1)) / Math.Sqrt(5.0 * 4 * 4 * 3);
        Assert.Equal(mcc, Metrics.ComputeMatthews(Predicted, Labels), 12);
    }

    [Fact]
    public void Matthews_is_zero_for_a_constant_predictor_and_one_when_perfect()
    {
        Assert.Equal(0, Metrics.ComputeMatthews([1, 1, 1, 1], [1, 0, 1, 0]));
        Assert.Equal(1, Metrics.ComputeMatthews([2, 0, 1, 2], [2, 0, 1, 2], classes: 3), 12);
    }

    [Fact]
    public void Pearson_and_spearman_match_hand_values()
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [2, 4, 5, 4, 5];
        Assert.Equal(0.7745966692, Metrics.ComputePearson(x, y), 9);
        // ranks of y with ties: [1, 2.5, 4.5, 2.5, 4.5]
        Assert.Equal(Metrics.ComputePearson([1, 2, 3, 4, 5], [1, 2.5, 4.5, 2.5, 4.5]), Metrics.ComputeSpearman(x, y), 12);
        Assert.Equal([1, 2.5, 4.5, 2.5, 4.5], Metrics.Ranks(y));
    }

    [Fact]
    public void Mismatched_lengths_are_an_error()
    {
        Assert.Throws<ArgumentException>(() => Metrics.ComputeAccuracy([1], [1, 0]));
    }

    [Theory]
    [InlineData(0, 10, 100, 0.1)]
    [InlineData(9, 10, 100, 1.0)]
    [InlineData(10, 10, 100, 1.0)]
    [InlineData(55, 10, 100, 0.5)]
    [InlineData(100, 10, 100, 0.0)]
    public void Schedule_warms_up_then_decays_linearly(int step, int warmup, int total, double expected)
    {
        Assert.Equal(expected, LearningRateSchedule.Multiplier(step, warmup, total), 12);
    }
}
