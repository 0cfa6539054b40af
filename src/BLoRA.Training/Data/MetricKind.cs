namespace BLoRA.Training.Data;

/// <summary>The evaluation metrics tasks ask for (computed by the trainer).</summary>
public enum MetricKind
{
    Accuracy,

    /// <summary>Binary F1 of the positive class (label index 1).</summary>
    F1,

    MatthewsCorrelation,
    Pearson,
    Spearman,
}
