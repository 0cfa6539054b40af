using BLoRA.Training.Data;
using BLoRA.Training.Tokenization;

namespace BLoRA.Training.Training;

/// <summary>Turns a text task into the trainer's tokenized task: sampling, tokenization, metric names.</summary>
public static class TaskTokenization
{
    /// <summary>
    /// Tokenizes up to <paramref name="maxTrain"/> training and <paramref name="maxEval"/> evaluation
    /// examples (a seeded sample when the split is larger). Evaluation uses the validation split,
    /// or the labelled test split when there is no validation split.
    /// </summary>
    public static TrainingTask Tokenize(TextTask task, ITextTokenizer tokenizer, int maxLength, int? maxTrain, int? maxEval, long seed)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var eval = task.Validation.Count > 0 ? task.Validation : task.Test;
        if (task.Train.Count == 0)
        {
            throw new TaskDataException($"task {task.Name}: the training split is empty; check the data files.");
        }

        if (eval.Count == 0)
        {
            throw new TaskDataException($"task {task.Name}: there is no labelled validation or test split to evaluate on.");
        }

        return new TrainingTask(
            task.Name,
            task.NumLabels,
            MetricName(task.PrimaryMetric),
            task.Metrics.Select(MetricName).ToList(),
            Sample(task.Train, maxTrain, seed).Select(e => Encode(e, tokenizer, maxLength, task.IsRegression)).ToList(),
            Sample(eval, maxEval, seed + 1).Select(e => Encode(e, tokenizer, maxLength, task.IsRegression)).ToList());
    }

    /// <summary>The trainer's name of a metric.</summary>
    public static string MetricName(MetricKind kind) => kind switch
    {
        MetricKind.Accuracy => Metrics.Accuracy,
        MetricKind.F1 => Metrics.F1,
        MetricKind.MatthewsCorrelation => Metrics.Matthews,
        MetricKind.Pearson => Metrics.Pearson,
        MetricKind.Spearman => Metrics.Spearman,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown metric"),
    };

    private static TokenizedExample Encode(TextExample example, ITextTokenizer tokenizer, int maxLength, bool regression)
    {
        var encoded = tokenizer.Encode(example.TextA, example.TextB, maxLength);
        var label = regression ? example.Target ?? 0f : example.Label ?? 0;
        return new TokenizedExample(encoded.InputIds.ToArray(), encoded.TokenTypeIds.ToArray(), label);
    }

    private static IEnumerable<TextExample> Sample(IReadOnlyList<TextExample> examples, int? max, long seed)
    {
        var labelled = examples.Where(e => e.HasLabel).ToList();
        if (max is not { } n || n >= labelled.Count)
        {
            return labelled;
        }

        // A seeded sample, kept in the split's order.
        var indices = Enumerable.Range(0, labelled.Count).ToArray();
        new Random((int)(seed ^ (seed >> 32))).Shuffle(indices);
        return indices.Take(n).Order().Select(i => labelled[i]);
    }
}
