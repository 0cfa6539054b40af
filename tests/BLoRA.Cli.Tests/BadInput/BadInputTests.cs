using System.Text;
using System.Text.Json;
using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Tests.Sweeps;
using Microsoft.Extensions.Configuration;
using Spectre.Console.Testing;

namespace BLoRA.Cli.Tests.BadInput;

/// <summary>
/// The bad-input table (<see cref="BadInputTable"/>): every malformed spec file, CLI argument and model file
/// gets the expected exit code and an error naming the problem and the fix, and the sweep stored before the
/// table ran (status, spec, trials) and the cluster's list of sweeps are exactly as they were.
/// </summary>
[Collection(DevClusterGroup.Name)]
public sealed class BadInputTests(DevClusterFixture cluster) : IDisposable
{
    private static readonly SemaphoreSlim BaselineLock = new(1, 1);
    private static Baseline? baseline;
    private readonly string dir = Directory.CreateTempSubdirectory("blora-bad-input-").FullName;

    public static TheoryData<string> Rows => [.. BadInputTable.All.Select(r => r.Name)];

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void The_table_has_at_least_30_distinct_inputs() =>
        Assert.True(BadInputTable.All.Select(r => r.Name).Distinct().Count() is var n && n >= 30 && n == BadInputTable.All.Count, $"{BadInputTable.All.Count} rows");

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_bad_input_gets_a_clear_error_and_changes_nothing_stored(string name)
    {
        var row = BadInputTable.All.Single(r => r.Name == name);
        var stored = await StoreBaselineAsync();
        var context = new BadInputContext(dir, stored.SweepId);
        var sweepsBefore = await SweepIdsAsync();

        var output = new StringBuilder();
        var exit = 0;
        foreach (var args in row.Commands(context))
        {
            (exit, var text) = await RunAsync(row.RealGateway, args);
            output.AppendLine(text);
        }

        var all = output.ToString();
        Assert.True(exit == row.ExitCode, $"{name}: exit {exit}, expected {row.ExitCode}\n{all}");
        foreach (var expected in row.Expected)
        {
            Assert.True(all.Contains(expected, StringComparison.Ordinal), $"{name}: the output lacks \"{expected}\"\n{all}");
        }

        Assert.Equal(stored.Snapshot, await SnapshotAsync(stored.SweepId));
        var sweepsAfter = await SweepIdsAsync();
        if (row.CreatesSweep)
        {
            Assert.Equal([context.Unique], sweepsAfter.Except(sweepsBefore).ToArray());
            Assert.Empty(sweepsBefore.Except(sweepsAfter));
        }
        else
        {
            Assert.Equal(sweepsBefore, sweepsAfter);
        }

        Record(row, exit, all);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(bool realGateway, params string[] args)
    {
        var console = new TestConsole().Width(4000);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cluster:ConnectTimeoutSeconds"] = "1" }).Build();
        var code = await CliApp.Create(console, configuration, realGateway ? null : cluster.Connections).RunAsync(args);
        return (code, console.Output);
    }

    /// <summary>A small completed sweep, stored once for the whole table.</summary>
    private async Task<Baseline> StoreBaselineAsync()
    {
        await BaselineLock.WaitAsync();
        try
        {
            if (baseline is null)
            {
                var id = "baseline-" + Guid.NewGuid().ToString("N")[..8];
                var spec = Path.Combine(dir, "baseline.yaml");
                await File.WriteAllTextAsync(spec, $"name: {id}\nmodel: tiny\ntask: synthetic\noptions:\n  maxTrainExamples: 64\n  maxEvalExamples: 32\n  maxSteps: 2\n  batchSize: 16\ngrid:\n  priorStrength: [0.1, 30]\n");
                var (code, output) = await RunAsync(false, "sweep", "submit", spec, "--wait");
                Assert.True(code == 0, output);
                baseline = new Baseline(id, await SnapshotAsync(id));
            }

            return baseline;
        }
        finally
        {
            BaselineLock.Release();
        }
    }

    /// <summary>The stored sweep as `sweep status --json` shows it: state, counts, spec fingerprint, every trial, the frontier.</summary>
    private async Task<string> SnapshotAsync(string sweepId)
    {
        var (code, output) = await RunAsync(false, "sweep", "status", sweepId, "--json");
        Assert.True(code == 0, output);
        var status = await cluster.Client.GetGrain<BLoRA.Abstractions.ISweepGrain>(sweepId).GetStatusAsync();
        return output + JsonSerializer.Serialize(status.State) + status.Total;
    }

    private async Task<string[]> SweepIdsAsync()
    {
        var (code, output) = await RunAsync(false, "sweep", "list", "--json");
        Assert.True(code == 0, output);
        return [.. JsonDocument.Parse(output).RootElement.EnumerateArray().Select(s => s.GetProperty("sweepId").GetString()!).Order(StringComparer.Ordinal)];
    }

    /// <summary>With BLORA_BAD_INPUT_TABLE=FILE, appends the row as markdown (what docs/reliability.md shows).</summary>
    private static void Record(BadInputRow row, int exit, string output)
    {
        if (Environment.GetEnvironmentVariable("BLORA_BAD_INPUT_TABLE") is not { Length: > 0 } file)
        {
            return;
        }

        var error = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => row.Expected.Any(e => l.Contains(e, StringComparison.Ordinal)) && !l.StartsWith("error: the sweep spec has problems", StringComparison.Ordinal))
                    ?? output.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0);
        lock (BaselineLock)
        {
            File.AppendAllText(file, $"| {row.Name} | {row.Input.Replace("|", "\\|", StringComparison.Ordinal)} | {exit} | `{error.Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)}` |\n");
        }
    }

    private sealed record Baseline(string SweepId, string Snapshot);
}
