using System.ComponentModel;
using BLoRA.Cli.Infrastructure;
using BLoRA.Training.Diagnostics;
using BLoRA.Training.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace BLoRA.Cli.Commands;

/// <summary>`blora doctor`: loads TorchSharp the way every command does and says what it found.</summary>
internal sealed class DoctorCommand(IAnsiConsole console, TorchRuntimeOptions options) : Command<DoctorCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--device <DEVICE>")]
        [Description("Also train a small adapter on this device: cpu, cuda, cuda:N (default cpu).")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--json")]
        [Description("Print the report as JSON.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var info = TorchRuntime.EnsureInitialized(options);
        // A real op on the loaded runtime, not only a successful dlopen.
        using var scope = NewDisposeScope();
        var check = ones(2, 3).matmul(ones(3, 2)).sum().item<float>();
        // Forward, backward and AdamW on the chosen device: a rank-4 adapter learns a rank-4 update.
        var fit = LowRankFitCheck.Run(new LowRankFitSettings { Steps = 100, Device = settings.Device });
        var report = new DoctorReport(
            Environment.ProcessPath ?? "unknown",
            Environment.GetEnvironmentVariable("BLORA_RUNTIME_KIND") ?? "unknown",
            NativeDiagnostics.DescribeLibStdCxx(),
            info,
            check == 12f,
            settings.Device,
            fit.FirstLoss,
            fit.LastLoss);

        if (settings.Json)
        {
            JsonOutput.Write(console, report);
            return report.Ok ? 0 : 1;
        }

        var table = new Table().AddColumns("check", "result").HideHeaders();
        table.AddRow("dotnet muxer", Markup.Escape(report.Muxer));
        table.AddRow("runtime (scripts/torch-runtime.sh)", report.RuntimeKind);
        table.AddRow("C++ runtime", Markup.Escape(report.LibStdCxx));
        table.AddRow("libtorch source", Markup.Escape(info.Source + (info.LibTorchDirectory is null ? "" : $" ({info.LibTorchDirectory})")));
        table.AddRow("loaded libraries", Markup.Escape(string.Join(Environment.NewLine, info.LoadedLibraries)));
        table.AddRow("TorchSharp", info.TorchSharpVersion);
        table.AddRow("CUDA", info.CudaAvailable ? $"[green]available[/], {info.CudaDeviceCount} device(s)" : "not available (CPU only)");
        table.AddRow("matmul check", report.MatmulOk ? "[green]ok[/]" : "[red]wrong result[/]");
        table.AddRow($"adapter fit on {Markup.Escape(settings.Device)}", report.FitOk ? $"[green]ok[/] (loss {fit.FirstLoss:0.0000} -> {fit.LastLoss:0.0000})" : $"[red]did not learn[/] (loss {fit.FirstLoss} -> {fit.LastLoss})");
        console.Write(table);
        return report.Ok ? 0 : 1;
    }
}
