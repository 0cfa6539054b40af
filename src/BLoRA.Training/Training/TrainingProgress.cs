namespace BLoRA.Training.Training;

/// <summary>What the trainer reports every <see cref="TrainerOptions.LogEvery"/> steps and after each evaluation.</summary>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    int Epoch,
    double Loss,
    double ExpectedBits,
    double ExpectedRank,
    double ExpectedRelativeBops,
    double LearningRate,
    double BudgetMultiplier,
    IReadOnlyDictionary<string, double>? EvalMetrics);
