namespace BLoRA.Runner;

/// <summary>
/// The trainer options a sweep may set (spec <c>options</c> and extra grid axes), by name. Each maps
/// to a field of the B-LoRA config or the trainer options; anything else is refused at submit time.
/// </summary>
public static class TrialOptionNames
{
    public static IReadOnlyList<string> All { get; } =
    [
        "rank", "alpha", "dropout", "targetModules", "lambdaQ", "lambdaR", "gateInit", "learnedScale", "clipInput",
        "quantizeBase", "quantizeActivations", "regularizerWeighting", "bits", "gatesEnabled", "budgetMargin", "budgetDualStep",
        "epochs", "maxSteps", "batchSize", "learningRate", "gateLearningRate", "weightDecay", "warmupRatio", "maxGradNorm",
        "evalEvery", "logEvery", "checkpointEvery", "precision", "maxLength",
        "maxTrainExamples", "maxEvalExamples", "data", "dataSeed", "classifierDropout",
    ];

    /// <summary>The options whose value is a list (<c>targetModules: [query, value]</c>); every other option takes one value.</summary>
    public static IReadOnlyList<string> ListValued { get; } = ["targetModules", "bits"];
}
