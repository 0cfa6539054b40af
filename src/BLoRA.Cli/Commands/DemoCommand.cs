using System.ComponentModel;
using BLoRA.Abstractions;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Sweeps;
using BLoRA.Training.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands;

/// <summary>
/// `blora demo`: the main job end to end on the embedded default. Starts an in-process dev cluster,
/// submits the embedded default sweep (examples/sweep-minilm-spam.yaml: MiniLM + spam, prior strength
/// x BOP budget), shows progress, then prints the frontier and writes the plot, the CSV and the artifacts.
/// </summary>
internal sealed class DemoCommand(IAnsiConsole console, TorchRuntimeOptions runtime) : AsyncCommand<DemoCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--spec <FILE>")]
        [Description("Another sweep spec instead of the embedded default (examples/sweep-*.yaml).")]
        public string? Spec { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Where the frontier plot, CSV, JSON and the trials' artifacts go (default ./.blora/demo).")]
        public string Out { get; init; } = Path.Combine(".blora", "demo");

        [CommandOption("--slots <N>")]
        [Description("Trials run at once by the in-process worker (default 1: two cores are one trial's worth).")]
        public int Slots { get; init; } = 1;

        [CommandOption("--device <DEVICE>")]
        [Description("cpu | cuda | cuda:N (default cpu).")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--json")]
        [Description("Print the final frontier as JSON (each point with its grid cell, metrics and bops.adapterRelative).")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Slots is < 1 or > 64 ? ValidationResult.Error($"--slots must be between 1 and 64 (got {Slots}).") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        SweepSpec spec;
        string sweepId;
        try
        {
            (spec, sweepId) = settings.Spec is null ? DemoSweep.Load() : SweepSpecFile.Load(settings.Spec);
        }
        catch (SpecFileException e)
        {
            console.MarkupLine("[red]error:[/] the sweep spec has problems:");
            foreach (var p in e.Problems)
            {
                console.MarkupLineInterpolated($"  - {p}");
            }

            return 2;
        }

        var info = TorchRuntime.EnsureInitialized(runtime);
        var outDir = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(outDir);
        var dev = new DevClusterSettings
        {
            SiloPort = DevCluster.FreePort(),
            GatewayPort = DevCluster.FreePort(),
            DashboardPort = DevCluster.FreePort(),
            Dashboard = false,
            Slots = settings.Slots,
            Device = settings.Device,
            ArtifactsDirectory = Path.Combine(outDir, "artifacts"),
            Quiet = true,
        };
        if (!settings.Json)
        {
            console.MarkupLineInterpolated($"[bold]BLoRA.Cluster demo[/]: sweep [bold]{sweepId}[/] = {spec.ModelRef} on {spec.TaskRef}, {Cells(spec)} trials (prior strength x BOP budget), on an in-process dev cluster ({settings.Slots} {settings.Device} slot(s), libtorch: {info.Source})");
        }

        await using var app = await DevCluster.StartAsync(dev, cancellationToken);
        var client = DevCluster.Client(app);
        var submitted = await SweepSubmission.SubmitAsync(client, sweepId, spec);
        if (submitted.Outcome is SubmitOutcome.Invalid or SubmitOutcome.Conflict)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {submitted.Message}");
            return 2;
        }

        var status = settings.Json
            ? await SweepWatcher.WaitAsync(_ => Task.FromResult(client), sweepId, TimeSpan.FromSeconds(1), cancellationToken)
            : await SweepWatcher.WatchAsync(console, _ => Task.FromResult(client), sweepId, TimeSpan.FromSeconds(2), cancellationToken);
        var grain = client.GetGrain<ISweepGrain>(sweepId);
        var trials = await grain.GetTrialsAsync();
        var front = await grain.GetFrontAsync();
        var plot = Path.Combine(outDir, "frontier.png");
        var csv = Path.Combine(outDir, "frontier.csv");
        FrontierFiles.Plot(trials, front, plot);
        await File.WriteAllTextAsync(csv, FrontierFiles.Csv(trials, front), cancellationToken);
        var report = DemoReport.From(sweepId, status, trials, front);
        await File.WriteAllTextAsync(Path.Combine(outDir, "frontier.json"), System.Text.Json.JsonSerializer.Serialize(report, JsonOutput.Options), cancellationToken);
        await app.StopAsync(CancellationToken.None);

        if (settings.Json)
        {
            JsonOutput.Write(console, report);
            return status.State == SweepState.Completed ? 0 : 1;
        }

        var done = trials.Where(t => t.Result is not null).Select(t => t.Result!.Bops.AdapterRelative).ToList();
        if (done.Count > 0)
        {
            console.MarkupLineInterpolated($"{done.Count} trials completed; relative adapter BOPs from {done.Min():0.000} to {done.Max():0.000} (1.0 = fp32 LoRA at rank 8), metrics on held-out examples.");
        }

        console.MarkupLineInterpolated($"plot: {plot}");
        console.MarkupLineInterpolated($"csv:  {csv}");
        console.MarkupLineInterpolated($"artifacts (adapters, results, checkpoints): {dev.ArtifactsDirectory}");
        console.MarkupLine("[grey]next: `./blora dev` for a long-lived cluster, then `./blora sweep submit examples/sweep-minilm-spam.yaml --wait`.[/]");
        return status.State == SweepState.Completed ? 0 : 1;
    }

    private static int Cells(SweepSpec spec) =>
        spec.Grid.PriorStrength.Length * spec.Grid.BopBudget.Length * spec.Grid.Seeds.Length * spec.Grid.Extra.Values.Aggregate(1, (n, v) => n * v.Length);
}
