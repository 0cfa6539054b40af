using BLoRA.Cli.Commands;
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

    public static CommandApp Create(IAnsiConsole console, IConfiguration configuration)
    {
        var services = new ServiceCollection()
            .AddSingleton(console)
            .AddSingleton(configuration)
            .AddSingleton(_ => TorchRuntime.ResolveOptions(configuration));
        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("blora");
            config.ConfigureConsole(console);
            config.SetExceptionHandler((ex, _) => HandleException(console, ex));
            config.AddCommand<DemoCommand>("demo")
                .WithDescription("Run the main job end to end on the embedded default (a real model and data set).");
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Run one B-LoRA fine-tuning trial on this machine (no cluster).")
                .WithExample("train", "--model", "embedded:minilm", "--task", "spam", "--max-train-examples", "512", "--prior-strength", "10")
                .WithExample("train", "--model", "tiny", "--task", "synthetic", "--bop-budget", "0.3", "--json");
            config.AddCommand<DoctorCommand>("doctor")
                .WithDescription("Check the TorchSharp runtime: which libtorch is loaded, C++ runtime, CUDA.");
        });
        return app;
    }

    private static int HandleException(IAnsiConsole console, Exception ex)
    {
        switch (ex)
        {
            case TorchRuntimeException runtime:
                Console.Error.WriteLine(runtime.Message);
                return RuntimeUnavailable;
            case CommandAppException app:
                console.MarkupLineInterpolated($"[red]error:[/] {app.Message}");
                return 2;
            default:
                console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
                return 1;
        }
    }
}
