using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BLoRA.Abstractions;
using Orleans.TestingHost;

namespace BLoRA.Benchmarks;

internal sealed record LoadResult(
    int Sweeps,
    int TrialsPerSweep,
    int Concurrency,
    double Seconds,
    double CpuSeconds,
    long HeapBefore,
    long HeapAfter,
    long HeapPeak,
    long WorkingSetPeak,
    int ActivationsPeak,
    int ActivationsAfter,
    TimeSpan GcPause,
    string LoadAverage);

/// <summary>
/// <c>--sweeps S</c>: S sweeps of N trials submitted at once, timed from the first submit until every
/// sweep reports Completed; then every finished activation is collected and the heap measured again.
/// </summary>
internal static class LoadBench
{
    public static async Task<LoadResult> RunAsync(BenchSettings s)
    {
        var runs = new ConcurrentQueue<(long Start, long End)>();
        BenchRunner.Duration = TimeSpan.FromMilliseconds(s.TrialMs);
        var builder = ClusterBench.Builder(s, runs);
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        var concurrency = s.Concurrency > 0 ? s.Concurrency : 8;
        SweepSpec Spec(string name) => new()
        {
            Name = name,
            ModelRef = "none",
            TaskRef = "none",
            Grid = new SweepGrid { PriorStrength = [.. Enumerable.Range(1, s.Trials).Select(i => (double)i)] },
            MaxConcurrentTrials = concurrency,
        };

        // Warm-up: one small sweep, so that JIT and first activations are not measured.
        await WaitAllAsync(cluster, ["warmup"], [Spec("warmup") with { Grid = new SweepGrid { PriorStrength = [.. Enumerable.Range(1, 50).Select(i => (double)i)] } }], runs, 50);
        runs.Clear();
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);

        var ids = Enumerable.Range(0, s.Sweeps).Select(i => $"load-{i:D4}").ToArray();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var gcPause = GC.GetTotalPauseDuration();
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var (heapPeak, activationsPeak) = await WaitAllAsync(cluster, ids, [.. ids.Select(Spec)], runs, s.Sweeps * s.Trials);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        gcPause = GC.GetTotalPauseDuration() - gcPause;
        var loadAverage = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

        await management.ForceActivationCollection(TimeSpan.Zero);
        var activationsAfter = await management.GetTotalActivationCount();
        for (var i = 0; i < 50 && activationsAfter > 100; i++)
        {
            await Task.Delay(100);
            activationsAfter = await management.GetTotalActivationCount();
        }

        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        return new LoadResult(s.Sweeps, s.Trials, concurrency, seconds, cpuSeconds, heapBefore, heapAfter, heapPeak, self.PeakWorkingSet64,
            activationsPeak, activationsAfter, gcPause, loadAverage);
    }

    /// <summary>Submits every sweep at once and waits until each reports Completed; returns the peak heap and activation count seen.</summary>
    private static async Task<(long HeapPeak, int ActivationsPeak)> WaitAllAsync(InProcessTestCluster cluster, string[] ids, SweepSpec[] specs, ConcurrentQueue<(long Start, long End)> runs, int trials)
    {
        var submitted = await Task.WhenAll(ids.Select((id, i) => cluster.Client.GetGrain<ISweepGrain>(id).SubmitAsync(specs[i])));
        if (submitted.FirstOrDefault(r => !r.Accepted) is { } refused)
        {
            throw new InvalidOperationException(refused.Message);
        }

        long heapPeak = 0;
        var activationsPeak = 0;
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        while (runs.Count < trials)
        {
            heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
            activationsPeak = Math.Max(activationsPeak, await management.GetTotalActivationCount());
            await Task.Delay(100);
        }

        while (true)
        {
            var statuses = await Task.WhenAll(ids.Select(id => cluster.Client.GetGrain<ISweepGrain>(id).GetStatusAsync()));
            if (statuses.All(st => st.IsFinished))
            {
                if (statuses.FirstOrDefault(st => st.Completed != st.Total) is { } incomplete)
                {
                    throw new InvalidOperationException($"sweep {incomplete.SweepId} ended with {incomplete.Completed}/{incomplete.Total} completed: {incomplete.Reason}");
                }

                if (runs.Count != trials)
                {
                    throw new InvalidOperationException($"{runs.Count} runs for {trials} trials: a trial ran twice");
                }

                return (heapPeak, activationsPeak);
            }

            await Task.Delay(20);
        }
    }

    public static string Report(LoadResult r) => string.Create(CultureInfo.InvariantCulture, $"""
        load: {r.Sweeps} sweeps x {r.TrialsPerSweep} trials = {r.Sweeps * r.TrialsPerSweep} trials submitted at once (each sweep's concurrency {r.Concurrency})
        makespan            {r.Seconds:F2} s (first submit -> every sweep Completed)
        throughput          {r.Sweeps * r.TrialsPerSweep / r.Seconds:F0} trials/s
        cpu (all silos)     {r.CpuSeconds:F2} s, {1000 * r.CpuSeconds / (r.Sweeps * r.TrialsPerSweep):F3} ms per trial
        managed heap        before {Mib(r.HeapBefore)} MiB, peak seen {Mib(r.HeapPeak)} MiB, after (activations collected, full GC) {Mib(r.HeapAfter)} MiB
        working set peak    {Mib(r.WorkingSetPeak)} MiB (whole process: 3 silos, client, runtime)
        activations         peak seen {r.ActivationsPeak}, after collection {r.ActivationsAfter}
        GC pauses           {r.GcPause.TotalMilliseconds:F0} ms during the load
        load average        {r.LoadAverage} (at the end of the load)
        """);

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
