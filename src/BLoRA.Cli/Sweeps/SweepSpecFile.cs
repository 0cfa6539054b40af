using System.Collections.Immutable;
using System.Globalization;
using BLoRA.Abstractions;
using BLoRA.Runner;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BLoRA.Cli.Sweeps;

/// <summary>
/// Reads a sweep spec (YAML; JSON is YAML too). Schema, with every field: examples/sweep-minilm-spam.yaml.
/// Every problem, from syntax to validation, is reported as <c>file:line:column: field: problem</c>, all at once.
/// </summary>
internal static class SweepSpecFile
{
    public const long MaxBytes = 1 << 20;

    private static readonly string[] TopLevel =
        ["name", "id", "model", "modelRef", "task", "taskRef", "options", "grid", "gpuSlotsPerTrial", "maxConcurrentTrials", "maxRetries", "earlyStopping", "reference"];

    /// <summary>The spec and the sweep id (the file's <c>id</c>, else its name).</summary>
    /// <exception cref="SpecFileException">Every problem found.</exception>
    public static (SweepSpec Spec, string SweepId) Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new SpecFileException([$"{path}: no such file."]);
        }

        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            throw new SpecFileException([$"{path}: {length} bytes is larger than the {MaxBytes}-byte limit for sweep specs; a spec lists axis values and options, not data (point options.data at the data instead)."]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static (SweepSpec Spec, string SweepId) Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SpecFileException([$"{file}:{e.Start.Line}:{e.Start.Column}: {SyntaxProblem(e)}"]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SpecFileException([$"{file}:1:1: a sweep spec is a mapping (name:, model:, task:, grid: ...)."]);
        }

        var reader = new Reader(file);
        var fields = reader.Fields(root, "", TopLevel);
        var name = reader.String(fields, "name", "name") ?? "";
        var model = reader.String(fields, "model", "model") ?? reader.String(fields, "modelRef", "modelRef") ?? "";
        var task = reader.String(fields, "task", "task") ?? reader.String(fields, "taskRef", "taskRef") ?? "";
        var id = reader.String(fields, "id", "id") ?? name;
        var spec = new SweepSpec
        {
            Name = name,
            ModelRef = model,
            TaskRef = task,
            Options = reader.Options(fields),
            Grid = reader.Grid(fields),
            GpuSlotsPerTrial = reader.Int(fields, "gpuSlotsPerTrial", "gpuSlotsPerTrial") ?? 1,
            MaxConcurrentTrials = reader.Int(fields, "maxConcurrentTrials", "maxConcurrentTrials") ?? 4,
            MaxRetries = reader.Int(fields, "maxRetries", "maxRetries") ?? 2,
            EarlyStopping = reader.EarlyStopping(fields),
            Reference = reader.Reference(fields),
        };

        // Validation: the cluster's own rules, then the trainer's option names and values; each mapped back to its line
        // (a field the reader already reported, e.g. a value that did not parse, is not reported twice).
        foreach (var problem in SweepSpecValidator.Validate(spec).Where(p => !reader.Reported(p.Path)))
        {
            reader.Problem(problem.Path, problem.Message);
        }

        foreach (var problem in SweepSpecValidator.ValidateSweepId(id))
        {
            reader.Problem("id", problem.Message);
        }

        foreach (var problem in TrialSpecMapping.Problems(spec.Options, spec.ModelRef, spec.TaskRef))
        {
            var colon = problem.IndexOf(": ", StringComparison.Ordinal);
            var path = colon > 0 ? problem[..colon] : "options";
            if (!reader.Reported(path))
            {
                reader.Problem(path, colon > 0 ? problem[(colon + 2)..] : problem);
            }
        }

        foreach (var axis in spec.Grid.Extra.Keys.Where(k => !TrialOptionNames.All.Contains(k, StringComparer.Ordinal)))
        {
            reader.Problem($"grid.extra.{axis}", $"not a trainer option; known: {string.Join(", ", TrialOptionNames.All)}.");
        }

        return reader.Problems.Count == 0 ? (spec, id) : throw new SpecFileException(reader.Problems);
    }

    /// <summary>YamlDotNet's message, with what to do about it.</summary>
    private static string SyntaxProblem(YamlException e)
    {
        var message = (e.InnerException is YamlException inner ? inner.Message : e.Message).TrimEnd('.');
        return message.StartsWith("Duplicate key", StringComparison.Ordinal)
            ? $"{message[(message.LastIndexOf(' ') + 1)..]}: duplicate key; each field may appear once, remove one of them."
            : $"YAML syntax error: {message}; check the indentation, the ':' after each key and the brackets and quotes near this line.";
    }

    /// <summary>Walks the YAML tree, remembering where each field is so problems point at lines.</summary>
    private sealed class Reader(string file)
    {
        private readonly Dictionary<string, Mark> marks = new(StringComparer.Ordinal);
        private readonly HashSet<string> reported = new(StringComparer.Ordinal);

        public List<string> Problems { get; } = [];

        public void Problem(string path, string message)
        {
            var mark = Locate(path);
            Problems.Add($"{file}:{mark.Line}:{mark.Column}: {path}: {message}");
            reported.Add(path);
        }

        /// <summary>Whether a problem was already reported for <paramref name="path"/>.</summary>
        public bool Reported(string path) => reported.Contains(path);

        public Dictionary<string, YamlNode> Fields(YamlMappingNode node, string prefix, IReadOnlyList<string> known)
        {
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in node.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? "";
                var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
                marks[path] = value.Start;
                if (!known.Contains(key, StringComparer.Ordinal))
                {
                    Problems.Add($"{file}:{keyNode.Start.Line}:{keyNode.Start.Column}: {path}: unknown field; expected one of {string.Join(", ", known)}.");
                    continue;
                }

                result[key] = value;
            }

            return result;
        }

        public string? String(Dictionary<string, YamlNode> fields, string key, string path) =>
            fields.TryGetValue(key, out var node) ? Scalar(node, path) : null;

        public int? Int(Dictionary<string, YamlNode> fields, string key, string path) =>
            fields.TryGetValue(key, out var node) ? ParseInt(node, path) : null;

        public ImmutableDictionary<string, string> Options(Dictionary<string, YamlNode> fields)
        {
            if (!fields.TryGetValue("options", out var node))
            {
                return ImmutableDictionary<string, string>.Empty;
            }

            if (node is not YamlMappingNode map)
            {
                Add(node, "options", "must be a mapping of trainer option names to values.");
                return ImmutableDictionary<string, string>.Empty;
            }

            var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in Fields(map, "options", TrialOptionNames.All))
            {
                if (v is YamlSequenceNode && !TrialOptionNames.ListValued.Contains(k, StringComparer.Ordinal))
                {
                    Add(v, $"options.{k}", $"takes one value, not a list; to try several, make it a grid axis (grid: extra: {k}: [...]).");
                    continue;
                }

                builder[k] = v is YamlSequenceNode list ? string.Join(',', list.Children.Select(c => Scalar(c, $"options.{k}"))) : Scalar(v, $"options.{k}") ?? "";
            }

            return builder.ToImmutable();
        }

        public SweepGrid Grid(Dictionary<string, YamlNode> fields)
        {
            var grid = new SweepGrid();
            if (!fields.TryGetValue("grid", out var node))
            {
                return grid;
            }

            if (node is not YamlMappingNode map)
            {
                Add(node, "grid", "must be a mapping with priorStrength, bopBudget, seeds and extra.");
                return grid;
            }

            var g = Fields(map, "grid", ["priorStrength", "bopBudget", "seeds", "extra"]);
            var extra = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
            if (g.TryGetValue("extra", out var extraNode) && extraNode is YamlMappingNode extraMap)
            {
                foreach (var (k, v) in extraMap.Children)
                {
                    var axis = ((YamlScalarNode)k).Value ?? "";
                    marks[$"grid.extra.{axis}"] = v.Start;
                    extra[axis] = List(v, $"grid.extra.{axis}", (n, p) => Scalar(n, p) ?? "").ToImmutableArray();
                }
            }

            return grid with
            {
                PriorStrength = g.TryGetValue("priorStrength", out var ps) ? List(ps, "grid.priorStrength", ParseDouble).Select(v => v ?? double.NaN).ToImmutableArray() : grid.PriorStrength,
                BopBudget = g.TryGetValue("bopBudget", out var bb) ? List(bb, "grid.bopBudget", ParseOptionalDouble).ToImmutableArray() : grid.BopBudget,
                Seeds = g.TryGetValue("seeds", out var sd) ? List(sd, "grid.seeds", ParseInt).Select(v => v ?? 0).ToImmutableArray() : grid.Seeds,
                Extra = extra.ToImmutable(),
            };
        }

        public EarlyStoppingPolicy EarlyStopping(Dictionary<string, YamlNode> fields)
        {
            if (!fields.TryGetValue("earlyStopping", out var node) || node is not YamlMappingNode map)
            {
                return EarlyStoppingPolicy.None;
            }

            var e = Fields(map, "earlyStopping", ["kind", "graceSteps", "reductionFactor", "metricTolerance", "bopsTolerance"]);
            var policy = EarlyStoppingPolicy.None;
            var kindText = String(e, "kind", "earlyStopping.kind");
            var kind = kindText is null ? EarlyStoppingKind.None
                : Enum.TryParse<EarlyStoppingKind>(kindText, true, out var k) ? k
                : Fail(e["kind"], "earlyStopping.kind", $"'{kindText}' is not none or asha.", EarlyStoppingKind.None);
            return policy with
            {
                Kind = kind,
                GraceSteps = Int(e, "graceSteps", "earlyStopping.graceSteps") ?? policy.GraceSteps,
                ReductionFactor = Int(e, "reductionFactor", "earlyStopping.reductionFactor") ?? policy.ReductionFactor,
                MetricTolerance = e.TryGetValue("metricTolerance", out var mt) ? ParseDouble(mt, "earlyStopping.metricTolerance") ?? policy.MetricTolerance : policy.MetricTolerance,
                BopsTolerance = e.TryGetValue("bopsTolerance", out var bt) ? ParseDouble(bt, "earlyStopping.bopsTolerance") ?? policy.BopsTolerance : policy.BopsTolerance,
            };
        }

        public ParetoReference Reference(Dictionary<string, YamlNode> fields)
        {
            if (!fields.TryGetValue("reference", out var node) || node is not YamlMappingNode map)
            {
                return ParetoReference.Default;
            }

            var r = Fields(map, "reference", ["metric", "relativeBops"]);
            return new ParetoReference(
                r.TryGetValue("metric", out var m) ? ParseDouble(m, "reference.metric") ?? 0 : 0,
                r.TryGetValue("relativeBops", out var b) ? ParseDouble(b, "reference.relativeBops") ?? 1 : 1);
        }

        private List<T> List<T>(YamlNode node, string path, Func<YamlNode, string, T> parse)
        {
            if (node is not YamlSequenceNode seq)
            {
                return [parse(node, path)];
            }

            var items = new List<T>();
            for (var i = 0; i < seq.Children.Count; i++)
            {
                marks[$"{path}[{i}]"] = seq.Children[i].Start;
                items.Add(parse(seq.Children[i], $"{path}[{i}]"));
            }

            return items;
        }

        private string? Scalar(YamlNode node, string path) =>
            node is YamlScalarNode s ? s.Value : Fail<string?>(node, path, "must be a single value.", null);

        private int? ParseInt(YamlNode node, string path) =>
            Scalar(node, path) is { } t && int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : Fail<int?>(node, path, $"'{(node as YamlScalarNode)?.Value}' is not an integer.", null);

        private double? ParseDouble(YamlNode node, string path) =>
            Scalar(node, path) is { } t && (YamlFloat(t) ?? (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null)) is { } value ? value
            : Fail<double?>(node, path, $"'{(node as YamlScalarNode)?.Value}' is not a number.", null);

        /// <summary>YAML's own spellings of the special floats (.nan, .inf, -.inf), so the validator can say why they are refused.</summary>
        private static double? YamlFloat(string text) => text switch
        {
            ".nan" or ".NaN" or ".NAN" => double.NaN,
            ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => double.PositiveInfinity,
            "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
            _ => null,
        };

        private double? ParseOptionalDouble(YamlNode node, string path) =>
            node is YamlScalarNode { Value: null or "" or "null" or "~" or "none" } ? null : ParseDouble(node, path);

        private T Fail<T>(YamlNode node, string path, string message, T fallback)
        {
            Add(node, path, message);
            return fallback;
        }

        private void Add(YamlNode node, string path, string message)
        {
            Problems.Add($"{file}:{node.Start.Line}:{node.Start.Column}: {path}: {message}");
            reported.Add(path);
        }

        private Mark Locate(string path)
        {
            // The longest known prefix of the problem's path: grid.priorStrength[2], else grid.priorStrength, else grid.
            for (var p = path; p.Length > 0; p = p[..Math.Max(0, Math.Max(p.LastIndexOf('.'), p.LastIndexOf('[')))])
            {
                if (marks.TryGetValue(p, out var mark))
                {
                    return mark;
                }

                if (p.IndexOfAny(['.', '[']) < 0)
                {
                    break;
                }
            }

            return Mark.Empty;
        }
    }
}
