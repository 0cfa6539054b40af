using System.ComponentModel;
using BLoRA.Training.Diagnostics;
using BLoRA.Training.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands;

/// <summary>
/// `blora demo`: the main job on the embedded default. Until the B-LoRA trainer, the embedded
/// MiniLM and the cluster land, it runs the most end-to-end path that exists (the native runtime
/// and a real low-rank adapter fit) and says what is still missing.
/// </summary>
internal sealed class DemoCommand(IAnsiConsole console, TorchRuntimeOptions options) : Command<DemoCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--steps <N>")]
        [Description("Training steps of the adapter fit (default 300).")]
        public int Steps { get; init; } = 300;

        [CommandOption("--device <DEVICE>")]
        [Description("TorchSharp device: cpu, cuda, cuda:N (default cpu).")]
        public string Device { get; init; } = "cpu";

        public override ValidationResult Validate() =>
            Steps is < 1 or > 1_000_000
                ? ValidationResult.Error($"--steps must be between 1 and 1000000 (got {Steps}).")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var info = TorchRuntime.EnsureInitialized(options);
        console.MarkupLineInterpolated($"[bold]BLoRA.Cluster demo[/]  libtorch: {info.Source}, CUDA: {(info.CudaAvailable ? "yes" : "no")}");

        var fit = new LowRankFitSettings { Steps = settings.Steps, Device = settings.Device };
        LowRankFitResult? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"rank-{fit.Rank} adapter fit on a frozen {fit.Width}x{fit.Width} layer", maxValue: fit.Steps);
                result = LowRankFitCheck.Run(fit, (step, loss) =>
                {
                    task.Value = step;
                    task.Description = $"rank-{fit.Rank} adapter fit, loss {loss:0.0000}";
                });
            });

        console.MarkupLineInterpolated($"adapter fit: loss {result!.FirstLoss:0.0000} -> {result.LastLoss:0.000000} (a factor of {result.Reduction:0.#e+0} lower) in {result.Steps} steps");
        console.MarkupLine("[yellow]not yet in this build:[/] B-LoRA gates and trainer (issue 3), the embedded MiniLM encoder and the spam data set (issue 4), the sweep cluster (issues 5, 6).");
        return result.LastLoss < result.FirstLoss ? 0 : 1;
    }
}
