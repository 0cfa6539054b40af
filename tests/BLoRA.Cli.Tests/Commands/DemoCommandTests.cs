using System.Text.Json;
using BLoRA.Cli.Infrastructure;
using Microsoft.Extensions.Configuration;
using Spectre.Console.Testing;

namespace BLoRA.Cli.Tests.Commands;

public sealed class DemoCommandTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var console = new TestConsole().Width(200);
        var app = CliApp.Create(console, new ConfigurationBuilder().Build());
        var code = await app.RunAsync(args);
        return (code, console.Output);
    }

    [Fact]
    public async Task Demo_runs_a_sweep_on_an_in_process_cluster_and_writes_the_frontier_plot_and_csv()
    {
        var outDir = Directory.CreateTempSubdirectory("blora-demo-").FullName;
        var spec = Path.Combine(outDir, "tiny.yaml");
        await File.WriteAllTextAsync(spec, """
            name: demo-test
            model: tiny
            task: synthetic
            options:
              maxTrainExamples: 64
              maxEvalExamples: 32
              maxSteps: 6
              batchSize: 16
              gateInit: 0
              gateLearningRate: 0.1
            grid:
              priorStrength: [0.01, 100]
              bopBudget: [null, 0.3]
            """);
        try
        {
            var (code, output) = await RunAsync("demo", "--spec", spec, "--out", outDir, "--json");
            Assert.True(code == 0, output);
            var report = JsonDocument.Parse(output).RootElement;
            Assert.Equal("Completed", report.GetProperty("state").GetString());
            Assert.Equal(4, report.GetProperty("completed").GetInt32());
            var frontier = report.GetProperty("frontier").EnumerateArray().ToList();
            Assert.NotEmpty(frontier);
            Assert.All(frontier, p =>
            {
                Assert.True(p.GetProperty("cell").TryGetProperty("priorStrength", out _));
                Assert.InRange(p.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 0, 1);
                Assert.InRange(p.GetProperty("bops").GetProperty("adapterRelative").GetDouble(), 0, 1);
            });
            // The budgeted trials meet their budget: the sweep spans cheap and full-cost adapters.
            var all = report.GetProperty("allTrials").EnumerateArray().ToList();
            Assert.All(all.Where(t => t.GetProperty("cell").GetProperty("bopBudget").GetString() == "0.3"),
                t => Assert.True(t.GetProperty("bops").GetProperty("adapterRelative").GetDouble() <= 0.3));
            Assert.True(File.Exists(Path.Combine(outDir, "frontier.png")));
            Assert.True(File.Exists(Path.Combine(outDir, "frontier.json")));
            Assert.Equal(5, File.ReadAllLines(Path.Combine(outDir, "frontier.csv")).Length);
            Assert.True(Directory.Exists(Path.Combine(outDir, "artifacts", "sweeps", "demo-test")));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_refuses_a_bad_spec_with_its_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"blora-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "name: x\nmodel: tiny\ntask: synthetic\ngrid:\n  priorStrength: [-1]\n");
        try
        {
            var (code, output) = await RunAsync("demo", "--spec", file);
            Assert.Equal(2, code);
            Assert.Contains(":5:", output, StringComparison.Ordinal);
            Assert.Contains("grid.priorStrength[0]", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Cluster_commands_say_clearly_when_no_cluster_answers()
    {
        var port = BLoRA.Cli.Cluster.DevCluster.FreePort();
        var console = new TestConsole().Width(250);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cluster:ConnectTimeoutSeconds"] = "2" }).Build();
        var code = await CliApp.Create(console, config).RunAsync(["sweep", "list", "--cluster", $"127.0.0.1:{port}"]);
        Assert.Equal(4, code);
        Assert.Contains($"no cluster answered at 127.0.0.1:{port} (from --cluster)", console.Output, StringComparison.Ordinal);
        Assert.Contains("./blora dev", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_cluster_address_is_named()
    {
        var (code, output) = await RunAsync("cluster", "status", "--cluster", "nonsense");
        Assert.Equal(2, code);
        Assert.Contains("'nonsense' is not HOST:PORT", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_an_error_that_names_it()
    {
        var (code, output) = await RunAsync("frobnicate");
        Assert.NotEqual(0, code);
        Assert.Contains("frobnicate", output, StringComparison.Ordinal);
    }
}
