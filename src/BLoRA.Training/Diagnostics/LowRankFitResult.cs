namespace BLoRA.Training.Diagnostics;

/// <summary>The loss of <see cref="LowRankFitCheck"/> at its first and last step.</summary>
public sealed record LowRankFitResult(double FirstLoss, double LastLoss, int Steps)
{
    /// <summary>How many times smaller the last loss is than the first.</summary>
    public double Reduction => FirstLoss / Math.Max(LastLoss, double.Epsilon);
}
