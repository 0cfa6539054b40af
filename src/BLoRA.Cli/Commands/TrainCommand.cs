using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Trials;
using BLoRA.Training.Runtime;
using BLoRA.Training.Training;
using BLoRA.Training.Trials;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands;

/// <summary>`blora train`: one B-LoRA trial on this machine, no cluster.</summary>
internal sealed class TrainCommand(IAnsiConsole console, TorchRuntimeOptions runtime) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        TrialDefinition definition;
        try
        {
            definition = TrialDefinitionBuilder.Build(settings);
        }
        catch (TrialFileException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }

        var problems = definition.Validate();
        if (problems.Count > 0)
        {
            console.MarkupLine("[red]error:[/] the trial options have problems:");
            foreach (var p in problems)
            {
                console.MarkupLineInterpolated($"  - {p}");
            }

            return 2;
        }

        TorchRuntime.EnsureInitialized(runtime);
        var outcome = settings.Json ? Run(definition, null, cancellationToken) : RunWithProgress(definition, cancellationToken);
        var report = TrainReport.From(definition, outcome);
        if (settings.Json)
        {
            JsonOutput.Write(console, report);
        }
        else
        {
            Print(report);
        }

        return 0;
    }

    private TrialOutcome RunWithProgress(TrialDefinition definition, CancellationToken cancellationToken)
    {
        TrialOutcome? outcome = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{definition.Model} on {definition.Task}: preparing", maxValue: 1);
                outcome = Run(definition, p =>
                {
                    task.MaxValue = p.TotalSteps;
                    task.Value = p.Step;
                    var eval = p.EvalMetrics is { Count: > 0 } m ? $"  eval {string.Join(" ", m.Select(kv => $"{kv.Key} {kv.Value:0.000}"))}" : "";
                    task.Description = $"step {p.Step}/{p.TotalSteps}  loss {p.Loss:0.0000}  bits {p.ExpectedBits:0.0}  rank {p.ExpectedRank:0.0}  BOPs {p.ExpectedRelativeBops:P1}{eval}";
                }, cancellationToken, s => task.Description = s);
            });
        return outcome!;
    }

    private static TrialOutcome Run(TrialDefinition definition, Action<TrainingProgress>? progress, CancellationToken cancellationToken, Action<string>? status = null) =>
        TrialRunner.Run(definition, progress, status, cancellationToken: cancellationToken);

    private void Print(TrainReport report)
    {
        var summary = new Table().AddColumns("", "").HideHeaders().Border(TableBorder.Rounded);
        foreach (var (name, value) in report.Metrics)
        {
            summary.AddRow(name == report.PrimaryMetric ? $"[bold]{name}[/]" : name, $"{value:0.0000}");
        }

        summary.AddRow("adapter BOPs vs fp32 LoRA", $"{report.Bops.AdapterRelative:P2}");
        summary.AddRow("adapter BOPs / token", $"{report.Bops.Adapter:E3}");
        summary.AddRow("model BOPs / token", $"{report.Bops.Model:E3}");
        summary.AddRow($"model BOPs / example ({report.Bops.SequenceLength} tokens)", $"{report.Bops.ModelPerExample:E3}");
        if (report.BopBudget is { } budget)
        {
            summary.AddRow("budget", $"{budget:P1}: {(report.BudgetMet ? "[green]met[/]" : "[red]not met[/]")}{(report.BudgetRepairs > 0 ? $" ({report.BudgetRepairs} gates closed after training)" : "")}");
        }

        summary.AddRow("steps", $"{report.Steps} in {report.Seconds:0.0} s ({report.Steps / Math.Max(report.Seconds, 1e-9):0.0} steps/s)");
        if (report.AdapterDirectory is not null)
        {
            summary.AddRow("adapter", Markup.Escape(report.AdapterDirectory));
        }

        console.Write(summary);
        var modules = new Table().AddColumns("module", "rank", "bits (A / E / B)").Border(TableBorder.Simple);
        foreach (var (module, rank) in report.Ranks)
        {
            string Bits(string t) => report.Bits.TryGetValue($"{module}.{t}", out var b) ? b.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
            modules.AddRow(Markup.Escape(module), rank.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{Bits("A")} / {Bits("E")} / {Bits("B")}");
        }

        console.Write(modules);
    }
}
