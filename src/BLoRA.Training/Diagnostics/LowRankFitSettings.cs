namespace BLoRA.Training.Diagnostics;

/// <summary>Size of the <see cref="LowRankFitCheck"/> problem.</summary>
public sealed record LowRankFitSettings
{
    public int Width { get; init; } = 64;

    public int Rank { get; init; } = 4;

    public int Batch { get; init; } = 32;

    public int Steps { get; init; } = 300;

    public double LearningRate { get; init; } = 0.01;

    public long Seed { get; init; } = 7;

    /// <summary>A TorchSharp device string: "cpu", "cuda", "cuda:1".</summary>
    public string Device { get; init; } = "cpu";
}
