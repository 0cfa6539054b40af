using System.ComponentModel;
using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Runtime;
using BLoRA.Training.Training;
using BLoRA.Training.Trials;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands;

/// <summary>
/// `blora demo`: the main job on the embedded default: B-LoRA fine-tuning of the embedded
/// all-MiniLM-L6-v2 on the SpamAssassin spam task, sized to finish in about a minute on two CPU cores.
/// </summary>
internal sealed class DemoCommand(IAnsiConsole console, TorchRuntimeOptions runtime) : Command<DemoCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--max-train-examples <N>")]
        [Description("Training examples (default 320).")]
        public int MaxTrainExamples { get; init; } = 320;

        [CommandOption("--max-eval-examples <N>")]
        [Description("Evaluation examples (default 160).")]
        public int MaxEvalExamples { get; init; } = 160;

        [CommandOption("--epochs <N>")]
        [Description("Epochs (default 3).")]
        public int Epochs { get; init; } = 3;

        [CommandOption("--device <DEVICE>")]
        [Description("cpu | cuda | cuda:N (default cpu).")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--out <DIR>")]
        [Description("Where the checkpoints, the exported adapter and result.json go (default: a temporary folder).")]
        public string? Out { get; init; }
    }

    /// <summary>The demo's trial: a strong prior and warm gates so bits and ranks visibly drop within a few epochs.</summary>
    public static TrialDefinition Definition(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new TrialDefinition
        {
            Model = "embedded:minilm",
            Task = "spam",
            MaxTrainExamples = settings.MaxTrainExamples,
            MaxEvalExamples = settings.MaxEvalExamples,
            OutputDirectory = settings.Out ?? Path.Combine(Path.GetTempPath(), "blora-demo"),
            Adapter = new BayesianLoraConfig { Rank = 8, PriorStrength = 100, GateInit = 0 },
            Trainer = new TrainerOptions
            {
                Epochs = settings.Epochs,
                BatchSize = 16,
                MaxLength = 64,
                LearningRate = 2e-3,
                GateLearningRate = 5e-2,
                Device = settings.Device,
            },
        };
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var definition = Definition(settings);
        var problems = definition.Validate();
        if (problems.Count > 0)
        {
            foreach (var p in problems)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {p}");
            }

            return 2;
        }

        var info = TorchRuntime.EnsureInitialized(runtime);
        console.MarkupLineInterpolated($"[bold]BLoRA.Cluster demo[/]: B-LoRA on {definition.Model} + {definition.Task} (libtorch: {info.Source}, device: {settings.Device})");
        TrialOutcome? outcome = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("preparing", maxValue: 1);
                outcome = TrialRunner.Run(
                    definition,
                    p =>
                    {
                        task.MaxValue = p.TotalSteps;
                        task.Value = p.Step;
                        task.Description = $"step {p.Step}/{p.TotalSteps} loss {p.Loss:0.000} bits {p.ExpectedBits:0.0} rank {p.ExpectedRank:0.0} BOPs {p.ExpectedRelativeBops:P0}";
                    },
                    s => task.Description = s,
                    cancellationToken: cancellationToken);
            });

        var r = outcome!.Result;
        var ranks = r.Bops.Adapters.Values.Select(a => a.LiveRank).ToList();
        var bits = r.Bops.Adapters.Values.SelectMany(a => a.Bits.Values).ToList();
        console.MarkupLineInterpolated($"accuracy [bold]{r.Metrics[Metrics.Accuracy]:P1}[/], F1 {r.Metrics[Metrics.F1]:0.000} on {definition.MaxEvalExamples} held-out messages");
        console.MarkupLineInterpolated($"adapter BOPs: [bold]{r.Bops.AdapterRelative:P1}[/] of fp32 LoRA at rank 8; live ranks {ranks.Min()}..{ranks.Max()} (mean {ranks.Average():0.0}); bits {bits.Min()}..{bits.Max()} (mean {bits.Average():0.0})");
        console.MarkupLineInterpolated($"{r.Steps} steps in {r.Seconds:0.0} s; adapter and result in {outcome.AdapterDirectory}");
        console.MarkupLine("[yellow]not yet in this build:[/] the sweep cluster (sweeps of prior strength x BOP budget on Orleans workers, Pareto frontiers) arrives with issues 5 and 6; `./blora train` runs single trials today.");
        return 0;
    }
}
