using System.Diagnostics;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Commands;
using BLoRA.Cli.Commands.Sweep;
using BLoRA.Storage;
using BLoRA.Telemetry;
using BLoRA.Training.Data;
using BLoRA.Training.Models;
using BLoRA.Training.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Infrastructure;

/// <summary>Composes the `blora` command tree; tests build it with their own console.</summary>
internal static class CliApp
{
    /// <summary>Exit code when TorchSharp's native runtime cannot be loaded.</summary>
    public const int RuntimeUnavailable = 3;

    /// <param name="console">Where commands write.</param>
    /// <param name="configuration">The CLI's configuration (config file, BLORA_* environment).</param>
    /// <param name="connections">How cluster commands connect (default: the gateways from --cluster / BLORA_CLUSTER / the config file).</param>
    public static CommandApp Create(IAnsiConsole console, IConfiguration configuration, IClusterConnectionFactory? connections = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(console)
            .AddSingleton(configuration)
            .AddSingleton(_ => TorchRuntime.ResolveOptions(configuration))
            .AddSingleton(connections ?? new GatewayConnectionFactory(configuration));
        if (configuration.GetSection(ArtifactStoreOptions.SectionName).Exists())
        {
            // `sweep export` copies artifacts when the CLI knows the cluster's artifact store.
            services.AddArtifactStore(configuration);
        }

        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("blora");
            // An unknown option is an error, not an argument silently passed on.
            config.UseStrictParsing();
            config.ConfigureConsole(console);
            config.SetExceptionHandler((ex, _) => HandleException(console, ex));
            config.SetInterceptor(new CommandSpanInterceptor());
            config.AddCommand<DemoCommand>("demo")
                .WithDescription("Run the main job end to end on the embedded default (a real model and data set).");
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Run one B-LoRA fine-tuning trial on this machine (no cluster).")
                .WithExample("train", "--model", "embedded:minilm", "--task", "spam", "--max-train-examples", "512", "--prior-strength", "10")
                .WithExample("train", "--model", "tiny", "--task", "synthetic", "--bop-budget", "0.3", "--json");
            config.AddCommand<DevCommand>("dev")
                .WithDescription("Run a local single-silo cluster in the foreground (coordinator + worker, dashboard on localhost).");
            config.AddBranch("sweep", sweep =>
            {
                sweep.SetDescription("Submit, watch and inspect sweeps on a cluster.");
                sweep.AddCommand<SweepSubmitCommand>("submit").WithDescription("Validate a sweep spec and submit it (--wait to watch it).")
                    .WithExample("sweep", "submit", "examples/sweep-minilm-spam.yaml", "--wait");
                sweep.AddCommand<SweepListCommand>("list").WithDescription("Every sweep in the cluster.");
                sweep.AddCommand<SweepStatusCommand>("status").WithDescription("One sweep: state, every trial, the frontier.");
                sweep.AddCommand<SweepWatchCommand>("watch").WithDescription("A live view of one sweep until it finishes.");
                sweep.AddCommand<SweepCancelCommand>("cancel").WithDescription("Stop every trial of a sweep.");
                sweep.AddCommand<SweepParetoCommand>("pareto").WithDescription("The accuracy-vs-BOPs frontier: table, --plot FILE.png|.svg, --csv FILE.");
                sweep.AddCommand<SweepExportCommand>("export").WithDescription("Write a sweep's status, trials, frontier (JSON, CSV, PNG) and artifacts to a folder.");
            });
            config.AddBranch("cluster", cluster =>
            {
                cluster.SetDescription("The cluster itself.");
                cluster.AddCommand<ClusterStatusCommand>("status").WithDescription("Silos, roles and worker slots in use.");
            });
            config.AddCommand<DoctorCommand>("doctor")
                .WithDescription("Check the TorchSharp runtime: which libtorch is loaded, C++ runtime, CUDA.");
        });
        return app;
    }

    /// <summary>
    /// Runs a command inside the CLI's root span (<c>blora cli &lt;command&gt;</c>): the trace every
    /// grain call, the sweep's submission and, for `sweep submit`, every trial and its training join.
    /// </summary>
    public static async Task<int> RunTracedAsync(this CommandApp app, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var span = BLoRAActivities.StartCliCommand();
        var code = await app.RunAsync(args, cancellationToken);
        span?.SetTag(TelemetryNames.Tags.ExitCode, code);
        if (code != 0)
        {
            span?.SetStatus(ActivityStatusCode.Error, $"exit code {code}");
        }

        return code;
    }

    private static int HandleException(IAnsiConsole console, Exception ex)
    {
        switch (ex)
        {
            case TorchRuntimeException runtime:
                Console.Error.WriteLine(runtime.Message);
                return RuntimeUnavailable;
            case OperationCanceledException:
                console.MarkupLine("[yellow]stopped[/] (Ctrl+C or SIGTERM).");
                return 130;
            case CommandAppException app when app.Message.StartsWith("Failed to convert '", StringComparison.Ordinal) && app.Message.Contains("' to ", StringComparison.Ordinal):
                // Spectre names the value but only the CLR type ("Nullable`1"): say what the option wants instead.
                var value = app.Message["Failed to convert '".Length..app.Message.LastIndexOf("' to ", StringComparison.Ordinal)];
                console.MarkupLineInterpolated($"[red]error:[/] '{value}' is not a value this option takes (a number such as 8e-4, an integer such as 32, or one of the words its help lists); `blora <command> --help` shows every option and its value.");
                return 2;
            case CommandAppException app:
                console.MarkupLineInterpolated($"[red]error:[/] {app.Message}");
                return 2;
            case ModelLoadException or TaskDataException:
                // A model or data file that cannot be used: bad input, named by the message with its fix.
                console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
                return 2;
            default:
                console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
                return 1;
        }
    }
}
