using System.Text;
using BLoRA.Deploy.Tests.Infrastructure;

namespace BLoRA.Deploy.Tests.Docker;

/// <summary>A Dockerfile read the way the builder reads it: comments dropped, <c>\</c> continuations joined, stages counted.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    public string Path { get; }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>Stage names (FROM ... AS name), in order; unnamed stages are "".</summary>
    public IReadOnlyList<string> Stages => Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries) is var w && w.Length >= 3 && w[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? w[^1] : "").ToList();

    public int FinalStage => Stages.Count - 1;

    public IEnumerable<DockerInstruction> In(int stage, string keyword) => Instructions.Where(i => i.Stage == stage && i.Keyword == keyword);

    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public int StageNamed(string name) => Stages.ToList().IndexOf(name);

    public static Dockerfile Load(string relative)
    {
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var current = new StringBuilder();
        var start = 0;
        var lines = Repo.Read(relative).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (current.Length == 0 && (trimmed.Length == 0 || trimmed.StartsWith('#')))
            {
                continue;
            }

            if (current.Length > 0 && trimmed.StartsWith('#'))
            {
                continue; // comments inside a continued instruction are dropped
            }

            if (current.Length == 0)
            {
                start = n + 1;
            }

            var continued = line.EndsWith('\\');
            current.Append(continued ? line[..^1] : line).Append(' ');
            if (continued)
            {
                continue;
            }

            var text = current.ToString().Trim();
            current.Clear();
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerInstruction(keyword, space < 0 ? "" : string.Join(' ', text[(space + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)), stage, start));
        }

        return new Dockerfile(relative, instructions);
    }
}
