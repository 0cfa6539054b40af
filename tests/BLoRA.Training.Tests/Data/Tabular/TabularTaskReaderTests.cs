using BLoRA.Training.Data;

namespace BLoRA.Training.Tests.Data.Tabular;

public sealed class TabularTaskReaderTests
{
    [Fact]
    public void Csv_file_with_quotes_commas_and_line_breaks_is_split_by_seed()
    {
        using var dir = TestPaths.CreateTemp();
        var lines = new List<string> { "id,review,sentiment" };
        lines.Add("0,\"Great, really \"\"great\"\" film\nsecond line\",pos");
        lines.AddRange(Enumerable.Range(1, 39).Select(i => $"{i},review number {i},{(i % 2 == 0 ? "pos" : "neg")}"));
        File.WriteAllText(dir.File("reviews.csv"), string.Join("\r\n", lines) + "\r\n");
        var options = new TaskOptions { TextColumn = "review", LabelColumn = "sentiment", Seed = 1 };

        var task = TaskLoader.Load("csv:" + dir.File("reviews.csv"), options);

        Assert.Equal(["neg", "pos"], task.LabelNames);
        Assert.Equal([MetricKind.Accuracy, MetricKind.F1], task.Metrics);
        Assert.Equal(32, task.Train.Count);
        Assert.Equal(4, task.Validation.Count);
        Assert.Equal(4, task.Test.Count);
        var quoted = task.Train.Concat(task.Validation).Concat(task.Test).Single(e => e.TextA.StartsWith("Great", StringComparison.Ordinal));
        Assert.Equal("Great, really \"great\" film\nsecond line", quoted.TextA);
        Assert.Equal(1, quoted.Label);
    }

    [Fact]
    public void Jsonl_folder_with_pairs_and_regression_targets()
    {
        using var dir = TestPaths.CreateTemp();
        File.WriteAllLines(dir.File("train.jsonl"), ["{\"a\": \"one\", \"b\": \"uno\", \"score\": 4.5}", "", "{\"a\": \"two\", \"b\": \"dos\", \"score\": 1}"]);
        File.WriteAllLines(dir.File("dev.jsonl"), ["{\"a\": \"three\", \"b\": \"tres\", \"score\": \"2.25\"}"]);
        var options = new TaskOptions { TextColumn = "a", TextPairColumn = "b", LabelColumn = "score", Regression = true };

        var task = TaskLoader.Load("jsonl:" + dir.Path, options);

        Assert.True(task.IsRegression);
        Assert.True(task.IsPair);
        Assert.Equal(1, task.NumLabels);
        Assert.Equal(MetricKind.Pearson, task.PrimaryMetric);
        Assert.Equal([4.5f, 1f], task.Train.Select(e => e.Target!.Value));
        Assert.Equal("tres", task.Validation[0].TextB);
        Assert.Empty(task.Test);
    }

    [Fact]
    public void Integer_labels_keep_numeric_order_and_explicit_labels_win()
    {
        using var dir = TestPaths.CreateTemp();
        File.WriteAllLines(dir.File("train.csv"), ["text,label", "a,10", "b,2", "c,0"]);
        File.WriteAllLines(dir.File("validation.csv"), ["text,label", "d,2"]);

        var inferred = TaskLoader.Load("csv:" + dir.Path);
        var named = TaskLoader.Load("csv:" + dir.Path, new TaskOptions { Labels = ["0", "2", "10", "99"] });

        Assert.Equal(["0", "2", "10"], inferred.LabelNames);
        Assert.Equal([2, 1, 0], inferred.Train.Select(e => e.Label!.Value));
        Assert.Equal(4, named.NumLabels);
        Assert.Equal([MetricKind.Accuracy], named.Metrics);
    }

    [Fact]
    public void Errors_name_the_file_line_and_column()
    {
        using var dir = TestPaths.CreateTemp();
        File.WriteAllLines(dir.File("train.csv"), ["text,label", "a,x", "b,y"]);
        File.WriteAllLines(dir.File("validation.csv"), ["text,label", "c,x", "d,z"]);
        var unknown = Assert.Throws<TaskDataException>(() => TaskLoader.Load("csv:" + dir.Path));
        Assert.Contains("validation.csv:3, column 'label': unknown label 'z'", unknown.Message, StringComparison.Ordinal);

        var badColumn = Assert.Throws<TaskDataException>(() => TaskLoader.Load("csv:" + dir.Path, new TaskOptions { TextColumn = "sentence" }));
        Assert.Contains("train.csv:2: no column 'sentence' (columns: text, label)", badColumn.Message, StringComparison.Ordinal);

        File.WriteAllLines(dir.File("train.csv"), ["text,label", "a,x,extra"]);
        var fields = Assert.Throws<TaskDataException>(() => TaskLoader.Load("csv:" + dir.Path));
        Assert.Contains("train.csv:2: 3 field(s) but the header has 2", fields.Message, StringComparison.Ordinal);

        File.WriteAllText(dir.File("train.csv"), "text,label\n\"open,x\n");
        Assert.Contains("train.csv:2: a quoted field is never closed", Assert.Throws<TaskDataException>(() => TaskLoader.Load("csv:" + dir.Path)).Message, StringComparison.Ordinal);

        File.WriteAllText(dir.File("train.csv"), string.Empty);
        Assert.Contains("empty file", Assert.Throws<TaskDataException>(() => TaskLoader.Load("csv:" + dir.Path)).Message, StringComparison.Ordinal);

        File.WriteAllLines(dir.File("one.jsonl"), ["{\"text\": \"a\", \"label\": \"x\"}", "{\"text\": \"b\", \"label\": "]);
        Assert.Contains("one.jsonl:2: not valid JSON", Assert.Throws<TaskDataException>(() => TaskLoader.Load("jsonl:" + dir.File("one.jsonl"))).Message, StringComparison.Ordinal);

        File.WriteAllLines(dir.File("reg.jsonl"), ["{\"text\": \"a\", \"label\": \"high\"}"]);
        Assert.Contains("reg.jsonl:1, column 'label': regression target 'high' is not a number",
            Assert.Throws<TaskDataException>(() => TaskLoader.Load("jsonl:" + dir.File("reg.jsonl"), new TaskOptions { Regression = true })).Message, StringComparison.Ordinal);

        Assert.Contains("no such file or folder", Assert.Throws<TaskDataException>(() => TaskLoader.Load("csv:" + dir.File("nope.csv"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_class_is_not_a_classification_task()
    {
        using var dir = TestPaths.CreateTemp();
        File.WriteAllLines(dir.File("all.csv"), ["text,label", "a,x", "b,x"]);

        var error = Assert.Throws<TaskDataException>(() => TaskLoader.Load("csv:" + dir.File("all.csv")));

        Assert.Contains("1 distinct label(s)", error.Message, StringComparison.Ordinal);
    }
}
