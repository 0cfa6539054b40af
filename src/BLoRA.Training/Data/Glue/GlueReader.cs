namespace BLoRA.Training.Data.Glue;

/// <summary>
/// Reads GLUE's official TSV files. GLUE's files are tab-separated without quoting (a quote is an
/// ordinary character), UTF-8; all have a header row except CoLA's train and dev files.
/// </summary>
public static class GlueReader
{
    /// <summary>The GLUE task names <c>glue:NAME</c> accepts.</summary>
    public static IReadOnlyList<string> TaskNames { get; } = [.. GlueTaskSpec.All.Select(s => s.Name)];

    /// <summary>
    /// Loads a GLUE task from <paramref name="dataDirectory"/>: either the GLUE root holding the task
    /// folders (CoLA, SST-2, MRPC, QQP, STS-B, MNLI, QNLI, RTE, WNLI) or the task's folder itself.
    /// train and dev files are required; the test file (no labels) is read into
    /// <see cref="TextTask.Unlabelled"/> when present.
    /// </summary>
    public static TextTask Load(string taskName, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(taskName);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var spec = GlueTaskSpec.Find(taskName)
            ?? throw new TaskDataException($"unknown GLUE task '{taskName}'; GLUE tasks: {string.Join(", ", TaskNames)}.");
        if (!Directory.Exists(dataDirectory))
        {
            throw new TaskDataException($"GLUE data directory '{dataDirectory}' does not exist; pass the folder that holds {spec.Folder}/ with --data DIR.");
        }

        var folder = Path.Combine(dataDirectory, spec.Folder);
        if (!Directory.Exists(folder))
        {
            folder = dataDirectory;
        }

        var trainPath = Path.Combine(folder, spec.TrainFile);
        if (!File.Exists(trainPath))
        {
            throw new TaskDataException(
                $"GLUE {spec.Folder}: {spec.TrainFile} not found in {Path.Combine(dataDirectory, spec.Folder)} or {dataDirectory}. " +
                $"Expected the official layout: DIR/{spec.Folder}/{spec.TrainFile}, {spec.ValidationFile}, {spec.TestFile}.");
        }

        var validationPath = Path.Combine(folder, spec.ValidationFile);
        if (!File.Exists(validationPath))
        {
            throw new TaskDataException($"GLUE {spec.Folder}: {spec.ValidationFile} not found in {folder} (GLUE's dev split is the validation set).");
        }

        var testPath = Path.Combine(folder, spec.TestFile);
        var train = ReadLabelled(spec, trainPath);
        var validation = ReadLabelled(spec, validationPath);
        var unlabelled = File.Exists(testPath) ? ReadUnlabelled(spec, testPath) : [];
        return new TextTask("glue:" + spec.Name, spec.Labels, spec.IsRegression, spec.Metrics, train, validation, [], unlabelled);
    }

    internal static List<TextExample> ReadLabelled(GlueTaskSpec spec, string path)
    {
        var rows = TsvRows(path).ToList();
        int textA, textB = -1, label;
        var start = 0;
        if (spec.LabelledFilesHaveHeader)
        {
            var header = Header(rows, path);
            textA = Column(header, spec.TextA, path);
            textB = spec.TextB is null ? -1 : Column(header, spec.TextB, path);
            label = Column(header, spec.Label, path);
            start = 1;
        }
        else
        {
            textA = int.Parse(spec.TextA, System.Globalization.CultureInfo.InvariantCulture);
            label = int.Parse(spec.Label, System.Globalization.CultureInfo.InvariantCulture);
        }

        var needed = Math.Max(textA, Math.Max(textB, label)) + 1;
        var examples = new List<TextExample>();
        for (var i = start; i < rows.Count; i++)
        {
            var (line, cells) = rows[i];
            if (cells.Length < needed)
            {
                if (spec.SkipMalformedRows)
                {
                    continue;
                }

                throw new TaskDataException(
                    $"{path}:{line}: {cells.Length} tab-separated column(s), expected at least {needed} " +
                    $"({(spec.LabelledFilesHaveHeader ? "as the header says" : "CoLA train/dev: source, label, original label, sentence; no header")}).");
            }

            var location = $"{path}:{line}";
            examples.Add(spec.IsRegression
                ? new TextExample(cells[textA], textB < 0 ? null : cells[textB], Target: LabelParser.Target(cells[label], $"{location}, column {spec.Label}"))
                : new TextExample(cells[textA], textB < 0 ? null : cells[textB], Label: LabelParser.ClassIndex(cells[label], spec.Labels, $"{location}, column {spec.Label}")));
        }

        return examples.Count > 0
            ? examples
            : throw new TaskDataException($"{path}: no examples (the file has {rows.Count} line(s)).");
    }

    internal static List<TextExample> ReadUnlabelled(GlueTaskSpec spec, string path)
    {
        var rows = TsvRows(path).ToList();
        var header = Header(rows, path);
        var textA = Column(header, spec.TestTextA, path);
        var textB = spec.TestTextB is null ? -1 : Column(header, spec.TestTextB, path);
        var needed = Math.Max(textA, textB) + 1;
        var examples = new List<TextExample>();
        foreach (var (line, cells) in rows.Skip(1))
        {
            if (cells.Length < needed)
            {
                throw new TaskDataException($"{path}:{line}: {cells.Length} column(s), expected at least {needed} as the header says.");
            }

            examples.Add(new TextExample(cells[textA], textB < 0 ? null : cells[textB]));
        }

        return examples;
    }

    private static IEnumerable<(int Line, string[] Cells)> TsvRows(string path)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            yield return (line, text.TrimEnd('\r').Split('\t'));
        }
    }

    private static string[] Header(List<(int Line, string[] Cells)> rows, string path) =>
        rows.Count > 0 ? rows[0].Cells : throw new TaskDataException($"{path}: empty file (expected a header row and examples).");

    private static int Column(string[] header, string name, string path)
    {
        var index = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.Ordinal));
        return index >= 0
            ? index
            : throw new TaskDataException($"{path}:1: no column '{name}' in the header ({string.Join(", ", header)}); is this the right GLUE task's file?");
    }
}
