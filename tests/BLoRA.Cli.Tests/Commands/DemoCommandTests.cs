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
    public async Task Demo_fine_tunes_the_embedded_model_on_the_spam_task_and_says_what_is_missing()
    {
        var outDir = Directory.CreateTempSubdirectory("blora-demo-").FullName;
        try
        {
            var (code, output) = await RunAsync("demo", "--max-train-examples", "32", "--max-eval-examples", "16", "--epochs", "1", "--out", outDir);
            Assert.True(code == 0, output);
            Assert.Contains("B-LoRA on embedded:minilm + spam", output, StringComparison.Ordinal);
            Assert.Contains("accuracy", output, StringComparison.Ordinal);
            Assert.Contains("adapter BOPs:", output, StringComparison.Ordinal);
            Assert.Contains("2 steps", output, StringComparison.Ordinal);
            Assert.Contains("not yet in this build", output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(outDir, "adapter", "manifest.json")));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_refuses_a_bad_example_count()
    {
        var (code, output) = await RunAsync("demo", "--max-train-examples", "0");
        Assert.NotEqual(0, code);
        Assert.Contains("maxTrainExamples", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_an_error_that_names_it()
    {
        var (code, output) = await RunAsync("frobnicate");
        Assert.NotEqual(0, code);
        Assert.Contains("frobnicate", output, StringComparison.Ordinal);
    }
}
