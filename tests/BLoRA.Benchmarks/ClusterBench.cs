using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using Orleans.TestingHost;

namespace BLoRA.Benchmarks;

internal sealed record BenchResult(int Concurrency, double Seconds, double GapP50Ms, double GapP99Ms, double IdealSeconds, double CpuSeconds, string Breakdown, string? Profile)
{
    public double OverheadPercent => IdealSeconds > 0 ? 100 * (Seconds - IdealSeconds) / IdealSeconds : double.NaN;
}

/// <summary>One sweep of N trials through an in-process cluster, timed from submit to the sweep's completion.</summary>
internal static class ClusterBench
{
    public static async Task<BenchResult> RunAsync(BenchSettings s)
    {
        var runs = new ConcurrentQueue<(long Start, long End)>();
        var profile = new CallProfile();
        var builder = Builder(s, runs, s.Profile ? profile : null);
        using var telemetry = s.Telemetry ? new TelemetryOn() : null;
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        var concurrency = s.Concurrency > 0 ? s.Concurrency : s.Workers * s.SlotsPerWorker;
        var spec = new SweepSpec
        {
            Name = "bench",
            ModelRef = "none",
            TaskRef = "none",
            Grid = Grid(s.Trials),
            MaxConcurrentTrials = concurrency,
        };

        // Warm-up, so that the measured sweep sees a silo in its steady state, as a long-running one is.
        // Tiered JIT recompiles hot methods only after a pause in new compilations, so a busy warm-up
        // alone leaves thousands of methods to recompile, on a background thread that took most of a
        // core for seconds into the measured sweep. Each round: a sweep of no-op trials (--warmup N,
        // default 2,000), one wave of the measured shape, a pause; until a round compiles < 50 methods.
        var rounds = 0;
        for (var compiled = int.MaxValue; compiled >= 50 && rounds < 8; rounds++)
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            BenchRunner.Duration = TimeSpan.Zero;
            if (s.Warmup > 0)
            {
                await RunSweepAsync(cluster, $"warmup-{rounds}", spec with { Grid = Grid(s.Warmup) });
            }

            BenchRunner.Duration = TimeSpan.FromMilliseconds(s.TrialMs);
            await RunSweepAsync(cluster, $"warmup-shape-{rounds}", spec with { Grid = Grid(Math.Min(s.Trials, concurrency)) });
            await Task.Delay(500);
            compiled = (int)(System.Runtime.JitInfo.GetCompiledMethodCount() - before);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up round {rounds + 1}: {compiled} methods compiled"));
        }

        runs.Clear();
        profile.Enabled = s.Profile;

        var cpu = Environment.CpuUsage.TotalTime;
        var jit = (System.Runtime.JitInfo.GetCompilationTime(), System.Runtime.JitInfo.GetCompiledMethodCount());
        var gcPause = GC.GetTotalPauseDuration();
        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var submitted = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        await RunSweepAsync(cluster, "bench", spec);
        var seconds = clock.Elapsed.TotalSeconds;
        var seen = Stopwatch.GetTimestamp();
        gcPause = GC.GetTotalPauseDuration() - gcPause;
        gcs = (GC.CollectionCount(0) - gcs.Item1, GC.CollectionCount(1) - gcs.Item2, GC.CollectionCount(2) - gcs.Item3);
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        jit = (System.Runtime.JitInfo.GetCompilationTime() - jit.Item1, System.Runtime.JitInfo.GetCompiledMethodCount() - jit.Item2);
        profile.Enabled = false;

        // Gaps are exact only when one trial runs at a time (the latency runs, --concurrency 1).
        var all = runs.ToArray();
        var gaps = concurrency == 1 ? Gaps(all, concurrency) : [];
        var slotGaps = Gaps(all, concurrency);
        var breakdown = string.Create(CultureInfo.InvariantCulture,
            $"submit -> first run {Stopwatch.GetElapsedTime(submitted, all.Min(r => r.Start)).TotalMilliseconds:F1} ms; last run end -> completion seen {Stopwatch.GetElapsedTime(all.Max(r => r.End), seen).TotalMilliseconds:F1} ms; slot gaps p50 {Percentile(slotGaps, 0.5):F2} ms, p99 {Percentile(slotGaps, 0.99):F2} ms, max {Percentile(slotGaps, 1):F2} ms; GC pauses {gcPause.TotalMilliseconds:F0} ms (gen0/1/2 {gcs.Item1}/{gcs.Item2}/{gcs.Item3}); JIT {jit.Item1.TotalMilliseconds:F0} ms ({jit.Item2} methods)");
        var waves = Math.Ceiling((double)s.Trials / concurrency);
        return new BenchResult(concurrency, seconds, Percentile(gaps, 0.5), Percentile(gaps, 0.99), waves * s.TrialMs / 1000.0, cpuSeconds, breakdown, s.Profile ? profile.Report(s.Trials) : null);
    }

    /// <summary>
    /// The benchmark's cluster: a dev silo, or a coordinator and workers, with the bench runner, in-memory
    /// grain storage and reminders (and, when asked, the call profile and Orleans' activity propagation).
    /// </summary>
    internal static InProcessTestClusterBuilder Builder(BenchSettings s, ConcurrentQueue<(long Start, long End)> runs, CallProfile? profile = null)
    {
        var builder = new InProcessTestClusterBuilder((short)s.Silos);
        builder.ConfigureSilo((options, silo) =>
        {
            var role = s.Silos == 1 ? SiloRole.Dev : options.SiloName == "Silo_0" ? SiloRole.Coordinator : SiloRole.Worker;
            silo.AddSweepCluster(o =>
            {
                o.Role = role;
                o.WorkerSlots = s.SlotsPerWorker;
                o.TrialReminders = !s.NoReminders;
            });
            silo.AddTrialRunner(_ => new BenchRunner(s.TiedResults, runs));
            silo.AddSweepClusterMemoryStorage();
            silo.UseInMemoryReminderService();
            if (profile is not null)
            {
                silo.AddIncomingGrainCallFilter(profile);
            }

            if (s.Telemetry)
            {
                silo.AddActivityPropagation();
            }
        });
        return builder;
    }

    private static SweepGrid Grid(int trials) => new() { PriorStrength = [.. Enumerable.Range(1, trials).Select(i => (double)i)] };

    private static async Task RunSweepAsync(InProcessTestCluster cluster, string id, SweepSpec spec)
    {
        var sweep = cluster.Client.GetGrain<ISweepGrain>(id);
        var submitted = await sweep.SubmitAsync(spec);
        if (!submitted.Accepted)
        {
            throw new InvalidOperationException(submitted.Message);
        }

        // A long poll (WaitForChangeAsync), answered at each change of the status.
        var status = await sweep.GetStatusAsync();
        while (!status.IsFinished)
        {
            status = await sweep.WaitForChangeAsync(status.Version, TimeSpan.FromSeconds(5));
        }

        if (status.Completed != status.Total)
        {
            throw new InvalidOperationException($"sweep ended with {status.Completed}/{status.Total} completed: {status.Reason}");
        }
    }

    /// <summary>
    /// Per slot, the time from one run's end to the next run's start: the dispatch overhead a trial
    /// adds. Runs are matched greedily: each start takes the latest end before it not yet taken.
    /// </summary>
    private static double[] Gaps((long Start, long End)[] runs, int slots)
    {
        var ends = new SortedSet<(long End, int Id)>();
        var gaps = new List<double>();
        var ordered = runs.OrderBy(r => r.Start).ToArray();
        var startedWithoutPredecessor = 0;
        for (var i = 0; i < ordered.Length; i++)
        {
            var before = ends.GetViewBetween((long.MinValue, int.MinValue), (ordered[i].Start, int.MaxValue));
            if (before.Count > 0 && startedWithoutPredecessor >= slots)
            {
                var previous = before.Max;
                ends.Remove(previous);
                gaps.Add(Stopwatch.GetElapsedTime(previous.End, ordered[i].Start).TotalMilliseconds);
            }
            else
            {
                startedWithoutPredecessor++;
            }

            ends.Add((ordered[i].End, i));
        }

        return [.. gaps.Order()];
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
