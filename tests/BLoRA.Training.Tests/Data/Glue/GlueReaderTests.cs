using BLoRA.Training.Data;
using BLoRA.Training.Data.Glue;

namespace BLoRA.Training.Tests.Data.Glue;

/// <summary>All nine GLUE tasks read from small files in the official formats (TestData/glue).</summary>
public sealed class GlueReaderTests
{
    private static string GlueRoot => Path.Combine(TestPaths.TestData, "glue");

    public static TheoryData<string, int, int, int, bool, string, MetricKind, int> Tasks => new()
    {
        // task, train, validation, unlabelled, pair, first label name (or "" for regression), primary metric, first train label
        { "cola", 3, 2, 2, false, "unacceptable", MetricKind.MatthewsCorrelation, 1 },
        { "sst2", 3, 2, 1, false, "negative", MetricKind.Accuracy, 0 },
        { "mrpc", 2, 1, 1, true, "not_equivalent", MetricKind.Accuracy, 1 },
        { "qqp", 2, 1, 1, true, "not_duplicate", MetricKind.Accuracy, 0 },
        { "stsb", 2, 2, 1, true, "", MetricKind.Pearson, -1 },
        { "mnli", 3, 2, 1, true, "entailment", MetricKind.Accuracy, 1 },
        { "mnli-mm", 3, 1, 1, true, "entailment", MetricKind.Accuracy, 1 },
        { "qnli", 3, 1, 1, true, "entailment", MetricKind.Accuracy, 1 },
        { "rte", 2, 1, 1, true, "entailment", MetricKind.Accuracy, 1 },
        { "wnli", 4, 1, 1, true, "not_entailment", MetricKind.Accuracy, 1 },
    };

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Reads_the_official_files(string name, int train, int validation, int unlabelled, bool pair, string firstLabel, MetricKind primary, int firstTrainLabel)
    {
        var task = TaskLoader.Load("glue:" + name, new TaskOptions { DataDirectory = GlueRoot });

        Assert.Equal("glue:" + name, task.Name);
        Assert.Equal(train, task.Train.Count);
        Assert.Equal(validation, task.Validation.Count);
        Assert.Equal(unlabelled, task.Unlabelled.Count);
        Assert.Empty(task.Test);
        Assert.Equal(pair, task.IsPair);
        Assert.Equal(primary, task.PrimaryMetric);
        Assert.All(task.Train.Concat(task.Validation), e => Assert.True(e.HasLabel));
        Assert.All(task.Unlabelled, e => Assert.False(e.HasLabel));
        Assert.All(task.Train, e => Assert.False(string.IsNullOrWhiteSpace(e.TextA)));
        if (firstLabel.Length == 0)
        {
            Assert.True(task.IsRegression);
            Assert.Equal(1, task.NumLabels);
        }
        else
        {
            Assert.Equal(firstLabel, task.LabelNames[0]);
            Assert.Equal(firstTrainLabel, task.Train[0].Label);
        }
    }

    [Fact]
    public void Columns_labels_and_metrics_follow_each_task()
    {
        var cola = GlueReader.Load("cola", GlueRoot);
        var mrpc = GlueReader.Load("MRPC", GlueRoot);
        var stsb = GlueReader.Load("sts-b", GlueRoot);
        var mnli = GlueReader.Load("mnli", Path.Combine(GlueRoot, "MNLI"));
        var mismatched = GlueReader.Load("mnli-mm", GlueRoot);

        Assert.Equal("Our friends won't buy this analysis, let alone the next one we propose.", cola.Train[0].TextA);
        Assert.Equal([1, 0, 1], cola.Train.Select(e => e.Label!.Value));
        Assert.StartsWith("Amrozi accused his brother", mrpc.Train[0].TextA, StringComparison.Ordinal);
        Assert.StartsWith("Referring to him", mrpc.Train[0].TextB, StringComparison.Ordinal);
        Assert.Equal([MetricKind.Accuracy, MetricKind.F1], mrpc.Metrics);
        Assert.Equal([5.0f, 3.8f], stsb.Train.Select(e => e.Target!.Value));
        Assert.Equal([MetricKind.Pearson, MetricKind.Spearman], stsb.Metrics);
        Assert.Equal(["entailment", "neutral", "contradiction"], mnli.LabelNames);
        Assert.Equal([1, 2], mnli.Validation.Select(e => e.Label!.Value)); // gold_label, not label1
        Assert.StartsWith("Your contribution helped", mismatched.Validation[0].TextA, StringComparison.Ordinal);
        Assert.Equal("So what's your decision?", mismatched.Unlabelled[0].TextB);
    }

    [Fact]
    public void Unknown_labels_name_file_line_and_column()
    {
        using var dir = TestPaths.CreateTemp();
        Directory.CreateDirectory(Path.Combine(dir.Path, "RTE"));
        File.WriteAllText(Path.Combine(dir.Path, "RTE", "train.tsv"), "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n1\tc\td\tmaybe\n");
        File.WriteAllText(Path.Combine(dir.Path, "RTE", "dev.tsv"), "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n");

        var error = Assert.Throws<TaskDataException>(() => GlueReader.Load("rte", dir.Path));

        Assert.Contains("train.tsv:3", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown label 'maybe'", error.Message, StringComparison.Ordinal);
        Assert.Contains("entailment, not_entailment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_columns_and_rows_are_reported_with_the_fix()
    {
        using var dir = TestPaths.CreateTemp();
        var missing = Assert.Throws<TaskDataException>(() => GlueReader.Load("sst2", dir.Path));
        Assert.Contains("SST-2/train.tsv", missing.Message, StringComparison.Ordinal);

        File.WriteAllText(dir.File("train.tsv"), "text\tlabel\nfine\t1\n");
        File.WriteAllText(dir.File("dev.tsv"), "sentence\tlabel\nfine\t1\n");
        var badColumn = Assert.Throws<TaskDataException>(() => GlueReader.Load("sst2", dir.Path));
        Assert.Contains("no column 'sentence'", badColumn.Message, StringComparison.Ordinal);
        Assert.Contains("train.tsv:1", badColumn.Message, StringComparison.Ordinal);

        File.WriteAllText(dir.File("train.tsv"), "sentence\tlabel\n");
        var empty = Assert.Throws<TaskDataException>(() => GlueReader.Load("sst2", dir.Path));
        Assert.Contains("no examples", empty.Message, StringComparison.Ordinal);

        File.WriteAllText(dir.File("train.tsv"), "gj04\t1\n");
        Directory.CreateDirectory(Path.Combine(dir.Path, "CoLA"));
        File.Move(dir.File("train.tsv"), Path.Combine(dir.Path, "CoLA", "train.tsv"));
        File.Copy(Path.Combine(dir.Path, "CoLA", "train.tsv"), Path.Combine(dir.Path, "CoLA", "dev.tsv"));
        var shortRow = Assert.Throws<TaskDataException>(() => GlueReader.Load("cola", dir.Path));
        Assert.Contains("train.tsv:1: 2 tab-separated column(s), expected at least 4", shortRow.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Glue_needs_a_data_directory_and_a_known_task()
    {
        Assert.Contains("--data", Assert.Throws<TaskDataException>(() => TaskLoader.Load("glue:sst2")).Message, StringComparison.Ordinal);
        Assert.Contains("cola, sst2", Assert.Throws<TaskDataException>(() => TaskReference.Parse("glue:squad")).Message, StringComparison.Ordinal);
    }
}
