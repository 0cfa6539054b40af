using System.Collections.Immutable;
using System.Globalization;
using BLoRA.Abstractions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace BLoRA.Sweeps.Tests.Specs;

/// <summary>
/// examples/glue/*.yaml: one sweep spec per GLUE task, with SweepSpec's camelCase keys (read strictly,
/// so a misspelt key fails), valid by <see cref="SweepSpecValidator"/>, and with blora-method.md section 7's settings.
/// </summary>
public sealed class GlueRecipeFilesTests
{
    // Section 7 (AdaLoRA's DeBERTaV3-base GLUE settings): task -> (learning rate, epochs).
    private static readonly Dictionary<string, (double LearningRate, int Epochs)> Recipe = new()
    {
        ["mnli"] = (5e-4, 7),
        ["sst2"] = (8e-4, 24),
        ["cola"] = (8e-4, 25),
        ["qqp"] = (8e-4, 5),
        ["qnli"] = (5e-4, 5),
        ["rte"] = (1.2e-3, 50),
        ["mrpc"] = (1e-3, 30),
        ["stsb"] = (2.2e-3, 25),
    };

    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    public static TheoryData<string> Tasks() => [.. Recipe.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void There_is_one_file_per_task_and_no_other()
    {
        var files = Directory.GetFiles(GlueDirectory(), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

        Assert.Equal(Recipe.Keys.Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Recipe_file_is_a_valid_sweep_spec_with_section_7_settings(string task)
    {
        var document = Yaml.Deserialize<SpecDocument>(File.ReadAllText(Path.Combine(GlueDirectory(), task + ".yaml")));
        var spec = document.ToSpec();

        Assert.Empty(SweepSpecValidator.Validate(spec));
        Assert.Equal("glue:" + task, spec.TaskRef);
        Assert.StartsWith("hf:", spec.ModelRef, StringComparison.Ordinal);
        Assert.Contains("deberta-v3-base", spec.ModelRef, StringComparison.Ordinal);
        double Number(string key) => double.Parse(spec.Options[key], CultureInfo.InvariantCulture);
        Assert.Equal(Recipe[task].LearningRate, Number("learningRate"), 12);
        Assert.Equal(Recipe[task].Epochs, Number("epochs"));
        Assert.Equal(32, Number("batchSize"));
        Assert.Equal(task == "cola" ? 64 : 128, Number("maxLength"));
        Assert.Equal(0.05, Number("dropout"), 12);
        Assert.Equal(1e-2, Number("gateLearningRate"), 12);
        Assert.InRange(Number("classifierDropout"), 0.1, 0.2);
        Assert.Equal(8, Number("rank"));
        Assert.False(string.IsNullOrWhiteSpace(spec.Options["data"]));
    }

    private static string GlueDirectory()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "BLoRA.Cluster.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found above the test folder");
        }

        return Path.Combine(dir, "examples", "glue");
    }

    /// <summary>The YAML shape of <see cref="SweepSpec"/> (its property names in camelCase).</summary>
    private sealed class SpecDocument
    {
        public string Name { get; set; } = "";

        public string ModelRef { get; set; } = "";

        public string TaskRef { get; set; } = "";

        public Dictionary<string, string> Options { get; set; } = [];

        public GridDocument Grid { get; set; } = new();

        public int GpuSlotsPerTrial { get; set; } = 1;

        public int MaxConcurrentTrials { get; set; } = 4;

        public int MaxRetries { get; set; } = 2;

        public EarlyStoppingDocument EarlyStopping { get; set; } = new();

        public SweepSpec ToSpec() => new()
        {
            Name = Name,
            ModelRef = ModelRef,
            TaskRef = TaskRef,
            Options = Options.ToImmutableDictionary(),
            Grid = new SweepGrid
            {
                PriorStrength = [.. Grid.PriorStrength],
                BopBudget = [.. Grid.BopBudget],
                Seeds = [.. Grid.Seeds],
                Extra = Grid.Extra.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray()),
            },
            GpuSlotsPerTrial = GpuSlotsPerTrial,
            MaxConcurrentTrials = MaxConcurrentTrials,
            MaxRetries = MaxRetries,
            EarlyStopping = new EarlyStoppingPolicy { Kind = Enum.Parse<EarlyStoppingKind>(EarlyStopping.Kind, ignoreCase: true) },
        };
    }

    private sealed class GridDocument
    {
        public List<double> PriorStrength { get; set; } = [];

        public List<double?> BopBudget { get; set; } = [];

        public List<int> Seeds { get; set; } = [];

        public Dictionary<string, List<string>> Extra { get; set; } = [];
    }

    private sealed class EarlyStoppingDocument
    {
        public string Kind { get; set; } = "none";
    }
}
