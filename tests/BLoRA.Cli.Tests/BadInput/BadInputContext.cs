using System.Text.Json.Nodes;

namespace BLoRA.Cli.Tests.BadInput;

/// <summary>Files for one row, in a folder of its own; the stored baseline sweep's id.</summary>
internal sealed class BadInputContext(string directory, string baselineId)
{
    public string Directory { get; } = directory;

    public string BaselineId { get; } = baselineId;

    public string Unique { get; } = "bad-" + Guid.NewGuid().ToString("N")[..10];

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Writes a sweep spec; <c>$ID</c> in the text becomes a fresh sweep id.</summary>
    public string Spec(string text, string name = "spec.yaml")
    {
        var path = Path(name);
        File.WriteAllText(path, text.Replace("$ID", Unique, StringComparison.Ordinal));
        return path;
    }

    /// <summary>A valid small spec with <paramref name="extra"/> lines appended (YAML, top level).</summary>
    public string ValidSpecWith(string extra) =>
        Spec($"name: $ID\nmodel: tiny\ntask: synthetic\noptions:\n  maxTrainExamples: 64\n  maxEvalExamples: 32\n  maxSteps: 2\n  batchSize: 16\n{extra}\n");

    /// <summary>A copy of the bert-tiny Hugging Face checkpoint of the training tests, with a vocabulary, to break.</summary>
    public string BertTiny()
    {
        var dir = System.IO.Directory.CreateDirectory(Path("bert-tiny")).FullName;
        foreach (var file in System.IO.Directory.GetFiles(RepoFile("tests", "BLoRA.Training.Tests", "TestData", "hf", "bert-tiny")))
        {
            File.Copy(file, System.IO.Path.Combine(dir, System.IO.Path.GetFileName(file)));
        }

        File.WriteAllLines(System.IO.Path.Combine(dir, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. Enumerable.Range(0, 995).Select(i => $"w{i}")]);
        return dir;
    }

    /// <summary>A two-class CSV task file.</summary>
    public string Csv()
    {
        var path = Path("task.csv");
        File.WriteAllLines(path, ["text,label", .. Enumerable.Range(0, 40).Select(i => $"w{i % 7} w{i % 5},{i % 2}")]);
        return path;
    }

    /// <summary>Rewrites a safetensors file's JSON header with <paramref name="edit"/> (the data is kept as is).</summary>
    public static void EditSafetensorsHeader(string path, Action<JsonObject> edit)
    {
        var bytes = File.ReadAllBytes(path);
        var length = (int)BitConverter.ToUInt64(bytes, 0);
        var header = JsonNode.Parse(bytes.AsSpan(8, length))!.AsObject();
        edit(header);
        var json = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)json.Length));
        file.Write(json);
        file.Write(bytes.AsSpan(8 + length));
    }

    public static string RepoFile(params string[] parts)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(System.IO.Path.Combine(dir, "BLoRA.Cluster.sln")))
        {
            dir = System.IO.Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("not inside the repository");
        }

        return System.IO.Path.Combine([dir, .. parts]);
    }
}
