using System.Diagnostics;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Spectre.Console.Testing;

namespace BLoRA.Telemetry.Tests.Infrastructure;

/// <summary>
/// Runs `blora sweep submit FILE --wait` once, through the real CLI command, against a real dev silo
/// (coordinator + worker, the real B-LoRA runner and trainer on the tiny synthetic task), while
/// in-memory exporters collect every span and metric of the process, as an OTLP exporter would.
/// </summary>
public sealed class SweepRunFixture : IAsyncLifetime
{
    public const string SweepId = "telemetry";

    /// <summary>Two trials (prior strength 1 and 30), each 2 epochs of 4 steps with batch 16, checkpoints every 4 steps.</summary>
    public const int Trials = 2;
    public const int StepsPerTrial = 8;
    public const int BatchSize = 16;

    private readonly LockedCollection<Activity> spans = [];
    private readonly LockedCollection<MetricSnapshot> metrics = [];
    private readonly string dir = Directory.CreateTempSubdirectory("blora-telemetry-").FullName;

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    public IReadOnlyList<Activity> Spans { get; private set; } = [];

    public IReadOnlyList<MetricSnapshot> Metrics { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var tracing = Sdk.CreateTracerProviderBuilder().AddBLoRASources().AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddBLoRAMeters().AddInMemoryExporter(metrics).Build();
        var spec = Path.Combine(dir, "sweep.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: {SweepId}
            model: tiny
            task: synthetic
            options:
              maxTrainExamples: 64
              maxEvalExamples: 32
              batchSize: {BatchSize}
              epochs: 2
              checkpointEvery: 4
              logEvery: 2
              gateInit: 1
            grid:
              priorStrength: [1, 30]
              bopBudget: [0.5]
              seeds: [0]
            maxConcurrentTrials: 2
            """);
        var app = await DevCluster.StartAsync(
            new DevClusterSettings
            {
                SiloPort = DevCluster.FreePort(),
                GatewayPort = DevCluster.FreePort(),
                DashboardPort = DevCluster.FreePort(),
                Dashboard = false,
                Slots = 2,
                ArtifactsDirectory = Path.Combine(dir, "artifacts"),
                Quiet = true,
            },
            CancellationToken.None);
        try
        {
            var console = new TestConsole().Width(250);
            var cli = CliApp.Create(console, new ConfigurationBuilder().Build(), new FixedConnections(DevCluster.Client(app)));
            ExitCode = await cli.RunTracedAsync(["sweep", "submit", spec, "--wait"], CancellationToken.None);
            Output = console.Output;

            // A trial's span ends right after its end is reported, which is what finishes the sweep.
            var deadline = Stopwatch.StartNew();
            while (spans.Snapshot().Count(s => s.OperationName == TelemetryNames.Spans.TrialRun) < Trials && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }

            // Collected while the silo still runs: the sweep and slot gauges read it.
            metering.ForceFlush();
            Spans = spans.Snapshot();
            Metrics = metrics.Snapshot();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(dir, recursive: true);
        return Task.CompletedTask;
    }
}
