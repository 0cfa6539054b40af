using System.Text.Json;
using System.Text.RegularExpressions;
using BLoRA.Abstractions;
using BLoRA.Cli.Sweeps;
using BLoRA.Cli.Infrastructure;
using Microsoft.Extensions.Configuration;
using Spectre.Console.Testing;

namespace BLoRA.Cli.Tests.Sweeps;

/// <summary>Every cluster command of the CLI against a real in-process dev silo running the real B-LoRA runner.</summary>
[Collection(DevClusterGroup.Name)]
public sealed class SweepCommandsTests(DevClusterFixture cluster) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("blora-sweep-cmd-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var console = new TestConsole().Width(250);
        var code = await CliApp.Create(console, new ConfigurationBuilder().Build(), cluster.Connections).RunAsync(args);
        return (code, console.Output);
    }

    private string Spec(string id, string grid, string extra = "")
    {
        var path = Path.Combine(dir, id + ".yaml");
        File.WriteAllText(path, $"""
            name: {id}
            model: tiny
            task: synthetic
            options:
              maxTrainExamples: 64
              maxEvalExamples: 32
              maxSteps: 4
              batchSize: 16
              gateInit: 1
              gateLearningRate: 0.05
            {extra}
            grid:
            {grid}
            maxConcurrentTrials: 2
            """);
        return path;
    }

    [Fact]
    public async Task Submit_wait_then_list_status_pareto_and_export_a_completed_sweep()
    {
        var spec = Spec("cli-e2e", "  priorStrength: [0.1, 30]\n  bopBudget: [null, 0.3]");
        var (code, output) = await RunAsync("sweep", "submit", spec, "--wait");
        Assert.True(code == 0, output);
        Assert.Contains("Created", output, StringComparison.Ordinal);
        Assert.Contains("Completed", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("sweep", "submit", spec);
        Assert.Equal(0, code);
        Assert.Contains("AlreadySubmitted", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("sweep", "list", "--json");
        Assert.Equal(0, code);
        Assert.Contains(JsonDocument.Parse(output).RootElement.EnumerateArray(), s => s.GetProperty("sweepId").GetString() == "cli-e2e");

        (code, output) = await RunAsync("sweep", "status", "cli-e2e", "--json");
        Assert.Equal(0, code);
        var status = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Completed", status.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(4, status.GetProperty("trials").GetArrayLength());
        Assert.All(status.GetProperty("trials").EnumerateArray(), t => Assert.Equal(4, t.GetProperty("result").GetProperty("steps").GetInt64()));

        var png = Path.Combine(dir, "front.png");
        var svg = Path.Combine(dir, "front.svg");
        var csv = Path.Combine(dir, "front.csv");
        (code, output) = await RunAsync("sweep", "pareto", "cli-e2e", "--plot", png, "--csv", csv);
        Assert.True(code == 0, output);
        Assert.Contains("Pareto frontier", output, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await File.ReadAllBytesAsync(png))[..4]);
        var rows = await File.ReadAllLinesAsync(csv);
        Assert.StartsWith("trial,bopBudget,priorStrength,seed,accuracy,relative_bops,adapter_bops,on_frontier", rows[0], StringComparison.Ordinal);
        Assert.Equal(5, rows.Length);
        Assert.Contains(rows.Skip(1), r => r.EndsWith(",true", StringComparison.Ordinal));
        (code, _) = await RunAsync("sweep", "pareto", "cli-e2e", "--plot", svg);
        Assert.Equal(0, code);
        var svgText = await File.ReadAllTextAsync(svg);
        Assert.Contains("<svg", svgText, StringComparison.Ordinal);
        Assert.Contains("Pareto frontier", svgText, StringComparison.Ordinal);

        var export = Path.Combine(dir, "export");
        (code, output) = await RunAsync("sweep", "export", "cli-e2e", export);
        Assert.True(code == 0, output);
        foreach (var file in new[] { "status.json", "trials.json", "frontier.json", "frontier.csv", "frontier.png" })
        {
            Assert.True(File.Exists(Path.Combine(export, file)), file);
        }

        // The worker stored each trial's exported adapter and result in the artifact store.
        var trialsDir = Path.Combine(cluster.Artifacts, "sweeps", "cli-e2e", "trials");
        Assert.Equal(4, Directory.GetDirectories(trialsDir).Length);
        Assert.All(Directory.GetDirectories(trialsDir), t =>
        {
            Assert.True(File.Exists(Path.Combine(t, "adapter.tar")));
            Assert.True(File.Exists(Path.Combine(t, "result.json")));
        });
    }

    [Fact]
    public async Task Cancel_stops_every_trial_and_records_why()
    {
        // Long trials (thousands of steps), so every one is still pending or running when the cancel lands.
        var spec = Spec("cli-cancel", "  priorStrength: [0.1, 1, 10, 30]\n  bopBudget: [null]");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("maxSteps: 4", "maxSteps: 5000\n  epochs: 10000", StringComparison.Ordinal));
        var (code, _) = await RunAsync("sweep", "submit", spec);
        Assert.Equal(0, code);

        (code, var output) = await RunAsync("sweep", "cancel", "cli-cancel", "--reason", "test over", "--json");
        Assert.True(code == 0, output);
        Assert.Equal("Cancelled", JsonDocument.Parse(output).RootElement.GetProperty("state").GetString());
        (_, output) = await RunAsync("sweep", "status", "cli-cancel", "--json");
        Assert.All(JsonDocument.Parse(output).RootElement.GetProperty("trials").EnumerateArray(), t =>
            Assert.Contains("test over", t.GetProperty("reason").GetString() ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cluster_status_shows_the_dev_silo_and_its_slots()
    {
        var (code, output) = await RunAsync("cluster", "status", "--json");
        Assert.True(code == 0, output);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, root.GetProperty("totalSlots").GetInt32());
        var silo = Assert.Single(root.GetProperty("silos").EnumerateArray());
        Assert.Equal("worker", silo.GetProperty("role").GetString());
        (code, output) = await RunAsync("cluster", "status");
        Assert.Equal(0, code);
        Assert.Contains("worker slots in use", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_sweep_ids_are_named()
    {
        foreach (var command in new[] { "status", "watch", "cancel", "pareto" })
        {
            var (code, output) = await RunAsync("sweep", command, "no-such-sweep");
            Assert.Equal(3, code);
            Assert.Contains("no sweep 'no-such-sweep'", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Watch_of_a_finished_sweep_draws_it_and_returns()
    {
        var spec = Spec("cli-watch", "  priorStrength: [1]");
        Assert.Equal(0, (await RunAsync("sweep", "submit", spec, "--wait")).ExitCode);
        var (code, output) = await RunAsync("sweep", "watch", "cli-watch", "--json");
        Assert.True(code == 0, output);
        Assert.Contains("\"state\": \"Completed\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_shows_a_change_when_it_happens_not_at_its_next_refresh()
    {
        // The trials wait (running, as far as the cluster can tell) until the watch has drawn them. The watch
        // redraws unchanged progress only every 10 minutes: only a long poll answered by the change can show
        // them finishing before the test gives up.
        const string id = "cli-long-poll";
        var gate = cluster.Runner.Gate(id);
        Assert.Equal(0, (await RunAsync("sweep", "submit", Spec(id, "  priorStrength: [1, 30]"))).ExitCode);
        var console = new TestConsole().Width(250);
        var watch = SweepWatcher.WatchAsync(console, _ => Task.FromResult(cluster.Client), id, TimeSpan.FromMinutes(10), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (Regex.Count(Output(console), ": Running") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "gave up waiting for the watch to draw both trials running: " + Output(console));
            Assert.False(watch.IsCompleted, "the watch ended early: " + Output(console));
            await Task.Delay(100);
        }

        gate.SetResult();
        var status = await watch.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal((SweepState.Completed, 2), (status.State, status.Completed));
        Assert.Equal(2, Regex.Count(console.Output, ": Completed accuracy"));
    }

    /// <summary>The console's text so far (a running watch may be writing to it).</summary>
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
}
