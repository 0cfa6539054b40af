using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Data;
using BLoRA.Training.Models;
using BLoRA.Training.Training;

namespace BLoRA.Training.Tests.Training;

/// <summary>Tiny model + synthetic task, sized to train in a few seconds on 2 CPU cores.</summary>
internal static class TrainerFixture
{
    public static TrainingTask Task { get; } = SyntheticTask.Create(384, 256, seed: 5);

    public static TinyEncoderClassifier Model(long seed = 11) => new(SyntheticTask.VocabSize, hidden: 32, layerCount: 1, labels: 2, seed);

    public static TrainerOptions Options(int steps) => new()
    {
        Epochs = 100,
        MaxSteps = steps,
        BatchSize = 32,
        LearningRate = 3e-3,
        GateLearningRate = 5e-2,
        LogEvery = 10,
        Seed = 3,
    };

    public static BayesianLoraConfig Config(double priorStrength, double? budget = null) => new()
    {
        Rank = 8,
        PriorStrength = priorStrength,
        BopBudget = budget,
        TargetModules = ["query", "key", "value", "output"],
        Dropout = 0,
    };
}
