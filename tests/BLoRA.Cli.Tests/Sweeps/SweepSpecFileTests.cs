using BLoRA.Cli.Sweeps;

namespace BLoRA.Cli.Tests.Sweeps;

/// <summary>Spec parsing and its errors: each names file, line and field.</summary>
public sealed class SweepSpecFileTests
{
    private const string Valid = """
        name: ok
        model: tiny
        task: synthetic
        options:
          maxSteps: 4
        grid:
          priorStrength: [0.1, 10]
          bopBudget: [null, 0.3]
          seeds: [0, 1]
          extra:
            learningRate: [0.001, 0.002]
        """;

    [Fact]
    public void A_valid_spec_parses_into_the_grid_and_options()
    {
        var (spec, id) = SweepSpecFile.Parse(Valid, "s.yaml");
        Assert.Equal("ok", id);
        Assert.Equal([0.1, 10], spec.Grid.PriorStrength.ToArray());
        Assert.Equal([null, 0.3], spec.Grid.BopBudget.ToArray());
        Assert.Equal([0, 1], spec.Grid.Seeds.ToArray());
        Assert.Equal(["0.001", "0.002"], spec.Grid.Extra["learningRate"].ToArray());
        Assert.Equal("4", spec.Options["maxSteps"]);
    }

    [Theory]
    [InlineData("name: x\nmodel: tiny\ntask: synthetic\ngrid: [1, 2\n", "s.yaml:5:1: YAML syntax error: While parsing a flow sequence")]
    [InlineData("name: x\nmodel: tiny\ntask: synthetic\nfrobnicate: 3\n", "s.yaml:4:1: frobnicate: unknown field")]
    [InlineData("name: x\nmodel: tiny\ntask: synthetic\ngrid:\n  priorStrength: [1, lots]\n", "s.yaml:5:22: grid.priorStrength[1]: 'lots' is not a number")]
    [InlineData("name: x\nmodel: tiny\ntask: synthetic\ngrid:\n  priorStrength: [1, -2]\n", "s.yaml:5:22: grid.priorStrength[1]:")]
    [InlineData("name: x\nmodel: tiny\ntask: synthetic\ngrid:\n  bopBudget: [0.5, 7]\n", "s.yaml:5:20: grid.bopBudget[1]:")]
    [InlineData("name: x\nmodel: tiny\ntask: synthetic\noptions:\n  rnak: 4\n", "s.yaml:5:3: options.rnak: unknown field")]
    [InlineData("name: x\nmodel: tiny\ntask: synthetic\noptions:\n  rank: four\n", "options.rank: 'four' is not an integer")]
    [InlineData("name: x\nmodel: tiny\ntask: synthetic\ngrid:\n  extra:\n    warpFactor: [1, 2]\n", "s.yaml:6:17: grid.extra.warpFactor: not a trainer option")]
    [InlineData("name: x\nmodel: tiny\ntask: spam\n", "model: 'tiny' has no tokenizer")]
    [InlineData("name: x\nmodel: tiny\ntask: synthetic\ngrid:\n  priorStrength: [1,2,3,4,5,6,7,8,9,10]\n  seeds: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100]\n  extra:\n    rank: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127,128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143,144,145,146,147,148,149,150]\n", "more than the limit")]
    [InlineData("- just\n- a list\n", "s.yaml:1:1: a sweep spec is a mapping")]
    public void Problems_name_the_file_line_and_field(string yaml, string expected)
    {
        var error = Assert.Throws<SpecFileException>(() => SweepSpecFile.Parse(yaml, "s.yaml"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        const string yaml = "name: x\nmodel: tiny\ntask: synthetic\noptions:\n  rank: 0\n  epochs: many\ngrid:\n  priorStrength: [-1]\n";
        var error = Assert.Throws<SpecFileException>(() => SweepSpecFile.Parse(yaml, "s.yaml"));
        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("s.yaml:5:9: options.rank:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("s.yaml:6:11: options.epochs: 'many' is not an integer", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("s.yaml:8:19: grid.priorStrength[0]:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_examples_parse()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "BLoRA.Cluster.sln")))
        {
            dir = Path.GetDirectoryName(dir)!;
        }

        var files = Directory.GetFiles(Path.Combine(dir, "examples"), "sweep-*.yaml")
            .Concat(Directory.GetFiles(Path.Combine(dir, "examples", "glue"), "*.yaml"))
            .ToList();
        Assert.True(files.Count >= 10, $"{files.Count} example specs");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            SweepSpecFile.Load(file);
        }

        Assert.Equal("minilm-spam", DemoSweep.Load().SweepId);
    }
}
