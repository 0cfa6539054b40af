using System.Globalization;
using BLoRA.Abstractions;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Spectre.Console.Testing;

using BLoRA.Tests.Shared;

namespace BLoRA.Cli.Tests.Sweeps;

/// <summary>
/// `blora sweep watch` through the CLI's own gateway client while its dev silo stops mid-sweep and a
/// new one starts on the same ports and the same storage (Azurite): the watch says it lost the
/// connection, reconnects, and ends with the sweep's final state. The first silo holds its trials after
/// their first checkpoint (see <see cref="HoldingTrialRunner"/>), so the stop always interrupts them, however
/// fast they train; the second silo runs them to the end.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WatchReconnectTests : IAsyncLifetime
{
    /// <summary>Steps per trial: the first silo holds them at about step 24 (first checkpoint at 20), the second runs the rest.</summary>
    private const int MaxSteps = 100;

    private readonly string dir = Directory.CreateTempSubdirectory("blora-watch-reconnect-").FullName;
    private readonly string sweepId = "reconnect-" + Guid.NewGuid().ToString("N")[..8];
    private DevClusterSettings settings = null!;
    private WebApplication? silo;
    private HoldingTrialRunner? firstRunner;

    public async Task InitializeAsync()
    {
        var connection = await AzuriteProbe.RequireAsync();

        settings = new DevClusterSettings
        {
            SiloPort = DevCluster.FreePort(),
            GatewayPort = DevCluster.FreePort(),
            DashboardPort = DevCluster.FreePort(),
            Dashboard = false,
            Slots = 2,
            ArtifactsDirectory = Path.Combine(dir, "artifacts"),
            StorageConnectionString = connection,
            Quiet = true,
        };
        silo = await DevCluster.StartAsync(settings, CancellationToken.None, HoldingTrialRunner.Bind(r => firstRunner = r));
    }

    public async Task DisposeAsync()
    {
        await StopSiloAsync();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Watch_reports_the_lost_connection_reconnects_to_the_restarted_silo_and_ends_with_the_final_state()
    {
        var spec = Path.Combine(dir, "spec.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: {sweepId}
            model: tiny
            task: synthetic
            options:
              maxTrainExamples: 64
              maxEvalExamples: 32
              maxSteps: {MaxSteps}
              epochs: 1000
              batchSize: 16
              checkpointEvery: 20
            grid:
              priorStrength: [0.1, 30]
            maxConcurrentTrials: 2
            """);
        var gateway = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{settings.GatewayPort}");
        Assert.Equal(0, (await RunAsync(new TestConsole(), "sweep", "submit", spec, "--cluster", gateway)).ExitCode);

        var console = new TestConsole().Width(250);
        var watch = RunAsync(console, "sweep", "watch", sweepId, "--cluster", gateway);
        await WaitAsync(() => Task.FromResult(firstRunner?.Held == 2), "both trials to record a checkpoint and be held");
        Assert.All(await DevCluster.Client(silo!).GetGrain<ISweepGrain>(sweepId).GetTrialsAsync(), t => Assert.Equal((TrialState.Running, 1), (t.State, t.Attempts)));

        await StopSiloAsync();
        await WaitAsync(() => Task.FromResult(Output(console).Contains("connection lost", StringComparison.Ordinal)), "the watch to notice the lost connection");
        silo = await DevCluster.StartAsync(settings, CancellationToken.None);
        var (code, output) = await watch.WaitAsync(TimeSpan.FromMinutes(5));

        Assert.True(code == 0, output);
        Assert.Contains("connection lost", output, StringComparison.Ordinal);
        var afterLoss = output[output.IndexOf("connection lost", StringComparison.Ordinal)..];
        Assert.Contains("reconnected after", afterLoss, StringComparison.Ordinal);
        var afterReconnect = afterLoss[afterLoss.IndexOf("reconnected after", StringComparison.Ordinal)..];
        Assert.Contains("Completed", afterReconnect, StringComparison.Ordinal);
        Assert.Contains("Pareto frontier", afterReconnect, StringComparison.Ordinal);
        var status = await DevCluster.Client(silo).GetGrain<ISweepGrain>(sweepId).GetStatusAsync();
        Assert.Equal((SweepState.Completed, 2), (status.State, status.Completed));
        // The trials the stop interrupted ran again on the new silo, to the end.
        Assert.All(await DevCluster.Client(silo).GetGrain<ISweepGrain>(sweepId).GetTrialsAsync(), t => Assert.Equal((2, (long)MaxSteps), (t.Attempts, t.Result!.Steps)));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(TestConsole console, params string[] args)
    {
        var code = await CliApp.Create(console, new ConfigurationBuilder().Build()).RunAsync(args);
        return (code, console.Output);
    }

    /// <summary>The console's text so far (it is being written to by the running watch).</summary>
    private static string Output(TestConsole console)
    {
        try
        {
            return console.Output;
        }
        catch (ArgumentException)
        {
            return "";
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for {what}");
            }

            await Task.Delay(200);
        }
    }

    private async Task StopSiloAsync()
    {
        if (silo is not null)
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
            silo = null;
        }
    }
}
