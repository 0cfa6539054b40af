namespace BLoRA.Training.Data;

/// <summary>
/// A text classification or regression task with its splits. <see cref="Train"/>,
/// <see cref="Validation"/> and <see cref="Test"/> are labelled (Test may be empty, as for GLUE,
/// whose test labels are hidden); <see cref="Unlabelled"/> holds inputs without labels (GLUE's test files).
/// </summary>
public sealed class TextTask
{
    public TextTask(
        string name,
        IReadOnlyList<string> labelNames,
        bool isRegression,
        IReadOnlyList<MetricKind> metrics,
        IReadOnlyList<TextExample> train,
        IReadOnlyList<TextExample> validation,
        IReadOnlyList<TextExample> test,
        IReadOnlyList<TextExample>? unlabelled = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(labelNames);
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0)
        {
            throw new ArgumentException("a task needs at least one metric", nameof(metrics));
        }

        if (!isRegression && labelNames.Count < 2)
        {
            throw new ArgumentException("a classification task needs at least two labels", nameof(labelNames));
        }

        Name = name;
        LabelNames = labelNames;
        IsRegression = isRegression;
        Metrics = metrics;
        Train = train;
        Validation = validation;
        Test = test;
        Unlabelled = unlabelled ?? [];
    }

    public string Name { get; }

    /// <summary>Class names by label index; empty for regression.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    public bool IsRegression { get; }

    /// <summary>Outputs the head needs: the number of classes, or 1 for regression.</summary>
    public int NumLabels => IsRegression ? 1 : LabelNames.Count;

    /// <summary>The metric model selection uses (the first of <see cref="Metrics"/>).</summary>
    public MetricKind PrimaryMetric => Metrics[0];

    /// <summary>The task's standard metrics, primary first.</summary>
    public IReadOnlyList<MetricKind> Metrics { get; }

    public IReadOnlyList<TextExample> Train { get; }

    public IReadOnlyList<TextExample> Validation { get; }

    public IReadOnlyList<TextExample> Test { get; }

    public IReadOnlyList<TextExample> Unlabelled { get; }

    /// <summary>Whether examples are sentence pairs (any example has a second text).</summary>
    public bool IsPair => Train.Any(e => e.TextB is not null);

    public override string ToString() =>
        $"{Name}: {(IsRegression ? "regression" : $"{NumLabels} classes")}, train {Train.Count}, validation {Validation.Count}, test {Test.Count}";
}
