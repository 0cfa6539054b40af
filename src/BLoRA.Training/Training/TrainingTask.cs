namespace BLoRA.Training.Training;

/// <summary>A tokenized task ready for the trainer.</summary>
/// <param name="Name">e.g. spam, glue:sst2, synthetic.</param>
/// <param name="NumLabels">Classes; 1 means regression.</param>
/// <param name="PrimaryMetric">The metric a sweep maximises (one of <see cref="Metrics"/>).</param>
/// <param name="MetricNames">Every metric reported.</param>
/// <param name="Train">Training examples.</param>
/// <param name="Eval">Evaluation examples.</param>
public sealed record TrainingTask(
    string Name,
    int NumLabels,
    string PrimaryMetric,
    IReadOnlyList<string> MetricNames,
    IReadOnlyList<TokenizedExample> Train,
    IReadOnlyList<TokenizedExample> Eval)
{
    public bool IsRegression => NumLabels == 1;
}
