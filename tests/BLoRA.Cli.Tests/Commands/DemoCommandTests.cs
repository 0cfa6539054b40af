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
    public async Task Demo_trains_an_adapter_and_says_what_is_missing()
    {
        var (code, output) = await RunAsync("demo", "--steps", "60");
        Assert.True(code == 0, output);
        Assert.Contains("adapter fit: loss", output, StringComparison.Ordinal);
        Assert.Contains("in 60 steps", output, StringComparison.Ordinal);
        Assert.Contains("not yet in this build", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task Demo_refuses_a_step_count_out_of_range(string steps)
    {
        var (code, output) = await RunAsync("demo", "--steps", steps);
        Assert.NotEqual(0, code);
        Assert.Contains("--steps must be between 1 and 1000000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_an_error_that_names_it()
    {
        var (code, output) = await RunAsync("frobnicate");
        Assert.NotEqual(0, code);
        Assert.Contains("frobnicate", output, StringComparison.Ordinal);
    }
}
