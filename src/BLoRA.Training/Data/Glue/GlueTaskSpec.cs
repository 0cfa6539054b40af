namespace BLoRA.Training.Data.Glue;

/// <summary>
/// One GLUE task's official files and format (as distributed by GLUE's download script and the
/// GLUE site): folder, split file names, the columns holding the text(s) and label, the label set in
/// index order, and the standard metrics. Columns are header names, or 0-based indexes for CoLA's
/// header-less train/dev files.
/// </summary>
internal sealed record GlueTaskSpec(
    string Name,
    string Folder,
    string TrainFile,
    string ValidationFile,
    string TestFile,
    bool LabelledFilesHaveHeader,
    string TextA,
    string? TextB,
    string Label,
    string TestTextA,
    string? TestTextB,
    IReadOnlyList<string> Labels,
    IReadOnlyList<MetricKind> Metrics,
    bool IsRegression = false,
    bool SkipMalformedRows = false)
{
    public static IReadOnlyList<GlueTaskSpec> All { get; } =
    [
        // CoLA train/dev: no header; source, label, original label, sentence. Test: index, sentence.
        new("cola", "CoLA", "train.tsv", "dev.tsv", "test.tsv", false, "3", null, "1", "sentence", null,
            ["unacceptable", "acceptable"], [MetricKind.MatthewsCorrelation]),
        new("sst2", "SST-2", "train.tsv", "dev.tsv", "test.tsv", true, "sentence", null, "label", "sentence", null,
            ["negative", "positive"], [MetricKind.Accuracy]),
        new("mrpc", "MRPC", "train.tsv", "dev.tsv", "test.tsv", true, "#1 String", "#2 String", "Quality", "#1 String", "#2 String",
            ["not_equivalent", "equivalent"], [MetricKind.Accuracy, MetricKind.F1]),
        // QQP has a few rows with missing fields; Hugging Face's processor skips them too.
        new("qqp", "QQP", "train.tsv", "dev.tsv", "test.tsv", true, "question1", "question2", "is_duplicate", "question1", "question2",
            ["not_duplicate", "duplicate"], [MetricKind.Accuracy, MetricKind.F1], SkipMalformedRows: true),
        new("stsb", "STS-B", "train.tsv", "dev.tsv", "test.tsv", true, "sentence1", "sentence2", "score", "sentence1", "sentence2",
            [], [MetricKind.Pearson, MetricKind.Spearman], IsRegression: true),
        new("mnli", "MNLI", "train.tsv", "dev_matched.tsv", "test_matched.tsv", true, "sentence1", "sentence2", "gold_label", "sentence1", "sentence2",
            ["entailment", "neutral", "contradiction"], [MetricKind.Accuracy]),
        new("mnli-mm", "MNLI", "train.tsv", "dev_mismatched.tsv", "test_mismatched.tsv", true, "sentence1", "sentence2", "gold_label", "sentence1", "sentence2",
            ["entailment", "neutral", "contradiction"], [MetricKind.Accuracy]),
        new("qnli", "QNLI", "train.tsv", "dev.tsv", "test.tsv", true, "question", "sentence", "label", "question", "sentence",
            ["entailment", "not_entailment"], [MetricKind.Accuracy]),
        new("rte", "RTE", "train.tsv", "dev.tsv", "test.tsv", true, "sentence1", "sentence2", "label", "sentence1", "sentence2",
            ["entailment", "not_entailment"], [MetricKind.Accuracy]),
        new("wnli", "WNLI", "train.tsv", "dev.tsv", "test.tsv", true, "sentence1", "sentence2", "label", "sentence1", "sentence2",
            ["not_entailment", "entailment"], [MetricKind.Accuracy]),
    ];

    /// <summary>Accepted spellings: the short name (sst2), the folder (SST-2), and mnli-m / mnli_matched / mnli-mismatched.</summary>
    public static GlueTaskSpec? Find(string name)
    {
        var key = name.Trim().ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal);
        key = key switch
        {
            "mnli-m" or "mnli-matched" => "mnli",
            "mnli-mismatched" => "mnli-mm",
            _ => key,
        };
        return All.FirstOrDefault(s => s.Name == key || s.Name == key.Replace("-", string.Empty, StringComparison.Ordinal)
            || string.Equals(s.Folder, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
