namespace BLoRA.Runner.Tests;

/// <summary>The sample counts the runner feeds to blora.train.samples.</summary>
public sealed class TrainingMetricsInputTests
{
    [Theory]
    [InlineData(0, 4, 64, 16, 64)]   // one epoch of full batches
    [InlineData(0, 4, 50, 16, 50)]   // 16 + 16 + 16 + 2: the epoch's last batch holds the remainder
    [InlineData(2, 9, 50, 16, 16 + 2 + 16 + 16 + 16 + 2 + 16)]
    [InlineData(5, 5, 50, 16, 0)]
    [InlineData(0, 3, 0, 16, 0)]
    public void Samples_between_two_steps_follow_the_epochs_batches(int from, int to, int examples, int batch, long expected) =>
        Assert.Equal(expected, BLoRATrialRunner.SamplesBetween(from, to, examples, batch));
}
