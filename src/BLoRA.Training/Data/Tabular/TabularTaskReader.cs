using System.Globalization;

namespace BLoRA.Training.Data.Tabular;

/// <summary>
/// Classification or regression from CSV or JSONL with columns named by <see cref="TaskOptions"/>.
/// PATH is one file (split into train/validation/test by seed) or a folder holding
/// <c>train.EXT</c>, <c>validation.EXT</c> (or <c>dev.EXT</c>) and optionally <c>test.EXT</c>.
/// </summary>
public static class TabularTaskReader
{
    public static TextTask Load(string name, string path, TabularFormat format, TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        string[] extensions = format == TabularFormat.Csv ? [".csv", ".tsv"] : [".jsonl", ".json"];
        if (Directory.Exists(path))
        {
            var trainPath = Find(path, "train", extensions)
                ?? throw new TaskDataException($"{path}: no train{extensions[0]} (a {format} task folder holds train, validation or dev, and optionally test files).");
            var trainRows = ReadRows(trainPath, format);
            var labels = LabelSet(trainRows, trainPath, options);
            var train = ToExamples(trainRows, trainPath, options, labels);
            var validationPath = Find(path, "validation", extensions) ?? Find(path, "dev", extensions);
            var testPath = Find(path, "test", extensions);
            List<TextExample> validation;
            if (validationPath is null)
            {
                // No validation file: hold out part of train, deterministically.
                (train, validation, _) = DataSplitter.Split(train, options.ValidationFraction, 0, options.Seed);
            }
            else
            {
                validation = ToExamples(ReadRows(validationPath, format), validationPath, options, labels);
            }

            var test = testPath is null ? [] : ToExamples(ReadRows(testPath, format), testPath, options, labels);
            return Create(name, options, labels, train, validation, test);
        }

        if (!File.Exists(path))
        {
            throw new TaskDataException($"{path}: no such file or folder (a {format} task is a file, or a folder with train/validation/test files).");
        }

        var rows = ReadRows(path, format);
        var labelSet = LabelSet(rows, path, options);
        var all = ToExamples(rows, path, options, labelSet);
        var (trainSplit, validationSplit, testSplit) = DataSplitter.Split(all, options.ValidationFraction, options.TestFraction, options.Seed);
        return Create(name, options, labelSet, trainSplit, validationSplit, testSplit);
    }

    private static TextTask Create(string name, TaskOptions options, IReadOnlyList<string> labels, List<TextExample> train, List<TextExample> validation, List<TextExample> test)
    {
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new TaskDataException($"{name}: too few examples to train and validate (train {train.Count}, validation {validation.Count}).");
        }

        IReadOnlyList<MetricKind> metrics = options.Regression ? [MetricKind.Pearson, MetricKind.Spearman]
            : labels.Count == 2 ? [MetricKind.Accuracy, MetricKind.F1]
            : [MetricKind.Accuracy];
        return new TextTask(name, options.Regression ? [] : labels, options.Regression, metrics, train, validation, test);
    }

    private static string? Find(string folder, string stem, string[] extensions) =>
        extensions.Select(e => Path.Combine(folder, stem + e)).FirstOrDefault(File.Exists);

    private static List<TabularRow> ReadRows(string path, TabularFormat format)
    {
        var rows = format == TabularFormat.Csv ? CsvFile.Read(path) : JsonlFile.Read(path);
        return rows.Count > 0 ? rows : throw new TaskDataException($"{path}: no examples.");
    }

    private static IReadOnlyList<string> LabelSet(List<TabularRow> rows, string path, TaskOptions options)
    {
        if (options.Regression)
        {
            return [];
        }

        if (options.Labels is not null)
        {
            return options.Labels;
        }

        var distinct = new List<string>();
        foreach (var row in rows)
        {
            if (row.Values.TryGetValue(options.LabelColumn, out var value) && !string.IsNullOrWhiteSpace(value)
                && !distinct.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                distinct.Add(value.Trim());
            }
        }

        // Integer labels keep their numeric order (0, 1, 2, ... 10), others sort by name.
        var numeric = distinct.All(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        var sorted = numeric
            ? distinct.OrderBy(v => long.Parse(v, CultureInfo.InvariantCulture)).ToList()
            : distinct.Order(StringComparer.Ordinal).ToList();
        return sorted.Count >= 2
            ? sorted
            : throw new TaskDataException(
                $"{path}: column '{options.LabelColumn}' has {sorted.Count} distinct label(s) ({string.Join(", ", sorted)}); " +
                "classification needs at least two (or set Regression for numeric targets).");
    }

    private static List<TextExample> ToExamples(List<TabularRow> rows, string path, TaskOptions options, IReadOnlyList<string> labels)
    {
        var examples = new List<TextExample>(rows.Count);
        foreach (var row in rows)
        {
            var location = $"{path}:{row.Line}";
            var text = Cell(row, options.TextColumn, location, path);
            var pair = options.TextPairColumn is null ? null : Cell(row, options.TextPairColumn, location, path);
            var label = Cell(row, options.LabelColumn, location, path);
            examples.Add(options.Regression
                ? new TextExample(text, pair, Target: LabelParser.Target(label, $"{location}, column '{options.LabelColumn}'"))
                : labels.Count == 0 || !labels.Contains(label.Trim(), StringComparer.OrdinalIgnoreCase)
                    ? throw new TaskDataException(
                        $"{location}, column '{options.LabelColumn}': unknown label '{label}'; the labels are {string.Join(", ", labels)} " +
                        "(from the training data or the labels option). Fix the row or list every class in the labels option.")
                    : new TextExample(text, pair, Label: IndexOf(labels, label.Trim())));
        }

        return examples;
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], label, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Cell(TabularRow row, string column, string location, string path)
    {
        if (!row.Values.TryGetValue(column, out var value))
        {
            throw new TaskDataException(
                $"{location}: no column '{column}' (columns: {string.Join(", ", row.Values.Keys)}); name the right one with the " +
                $"text/text-pair/label column options, or fix {Path.GetFileName(path)}.");
        }

        return value ?? throw new TaskDataException($"{location}: column '{column}' is empty (null).");
    }
}
