using System.Text.Json;
using BLoRA.Cli.Infrastructure;
using Microsoft.Extensions.Configuration;
using Spectre.Console.Testing;

namespace BLoRA.Cli.Tests.Commands;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("blora-train-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var console = new TestConsole().Width(250);
        var code = await CliApp.Create(console, new ConfigurationBuilder().Build()).RunAsync(args);
        return (code, console.Output);
    }

    [Fact]
    public async Task Json_output_has_metrics_bops_ranks_bits_steps_and_seconds()
    {
        var (code, output) = await RunAsync("train", "--model", "tiny", "--task", "synthetic", "--max-steps", "6",
            "--max-train-examples", "64", "--max-eval-examples", "32", "--rank", "4", "--bop-budget", "0.5", "--json", "--out", dir);

        Assert.True(code == 0, output);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.InRange(root.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("bops").GetProperty("adapterRelative").GetDouble() <= 0.5);
        Assert.True(root.GetProperty("bops").GetProperty("adapter").GetDouble() > 0);
        Assert.True(root.GetProperty("bops").GetProperty("model").GetDouble() > root.GetProperty("bops").GetProperty("adapter").GetDouble());
        Assert.True(root.GetProperty("budgetMet").GetBoolean());
        Assert.Equal(6, root.GetProperty("ranks").EnumerateObject().Count()); // 2 layers x query, key, value
        Assert.Equal(18, root.GetProperty("bits").EnumerateObject().Count());
        Assert.Equal(6, root.GetProperty("steps").GetInt32());
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(dir, "adapter", "manifest.json")));
        Assert.True(File.Exists(Path.Combine(dir, "result.json")));
    }

    [Fact]
    public async Task Human_output_shows_the_metrics_and_a_table_per_module()
    {
        var (code, output) = await RunAsync("train", "--model", "tiny", "--task", "synthetic", "--max-steps", "3", "--max-train-examples", "32", "--max-eval-examples", "16");
        Assert.True(code == 0, output);
        Assert.Contains("accuracy", output, StringComparison.Ordinal);
        Assert.Contains("adapter BOPs vs fp32 LoRA", output, StringComparison.Ordinal);
        Assert.Contains("layers.1.value", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_options_are_listed_together_in_one_error()
    {
        var (code, output) = await RunAsync("train", "--model", "tiny", "--task", "synthetic", "--rank", "0", "--prior-strength", "-1",
            "--bop-budget", "1.5", "--batch-size", "0", "--device", "tpu", "--max-train-examples", "0");
        Assert.Equal(2, code);
        foreach (var field in new[] { "adapter.Rank", "adapter.PriorStrength", "adapter.BopBudget", "trainer.BatchSize", "trainer.Device", "maxTrainExamples" })
        {
            Assert.Contains(field, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tiny_model_with_a_text_task_is_refused_with_the_fix()
    {
        var (code, output) = await RunAsync("train", "--model", "tiny", "--task", "spam");
        Assert.Equal(2, code);
        Assert.Contains("embedded:minilm", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_and_task_references_are_named()
    {
        var (code, output) = await RunAsync("train", "--model", "gpt:nope", "--task", "glue:nope");
        Assert.Equal(2, code);
        Assert.Contains("model:", output, StringComparison.Ordinal);
        Assert.Contains("task:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trial_file_sets_fields_and_flags_override_it()
    {
        var file = Path.Combine(dir, "trial.yaml");
        await File.WriteAllTextAsync(file, """
            model: tiny
            task: synthetic
            maxTrainExamples: 32
            maxEvalExamples: 16
            adapter:
              rank: 2
              targetModules: [query]
            trainer:
              maxSteps: 2
              batchSize: 8
            """);
        var (code, output) = await RunAsync("train", "--file", file, "--max-steps", "3", "--json");
        Assert.True(code == 0, output);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3, root.GetProperty("steps").GetInt32());
        Assert.Equal(2, root.GetProperty("ranks").EnumerateObject().Count()); // query of 2 layers
        Assert.All(root.GetProperty("ranks").EnumerateObject(), r => Assert.InRange(r.Value.GetInt32(), 1, 2));
    }

    [Theory]
    [InlineData("adapter:\n  rank: [1, 2\n", ":2:")]
    [InlineData("model: tiny\nadapter:\n  rnak: 4\n", ":3:")]
    [InlineData("trainer:\n  batchSize: lots\n", ":2:")]
    public async Task Trial_file_errors_point_at_the_line(string yaml, string where)
    {
        var file = Path.Combine(dir, "bad.yaml");
        await File.WriteAllTextAsync(file, yaml);
        var (code, output) = await RunAsync("train", "--file", file);
        Assert.Equal(2, code);
        Assert.Contains(file + where, output.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_trial_file_is_named()
    {
        var (code, output) = await RunAsync("train", "--file", Path.Combine(dir, "nope.yaml"));
        Assert.Equal(2, code);
        Assert.Contains("no such file", output, StringComparison.Ordinal);
    }
}
