using System.Globalization;
using System.Text;

namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>
/// An hour of telemetry shaped as the cluster emits it (TELEMETRY-CONTRACT names and labels, Orleans'
/// instruments): one 3 x 3 sweep (prior strength x BOP budget) on three GPU workers and a coordinator,
/// nine trials in three waves, one stopped early and one failed. Written as OpenMetrics text for
/// `promtool tsdb create-blocks-from openmetrics`, so the dashboards' own queries run on it in a real
/// Prometheus (the query tests and the rendered pictures).
/// </summary>
internal static class SyntheticTelemetry
{
    public const string Sweep = "spam-minilm";
    public const int Step = 15;
    public const int Duration = 3600;

    /// <summary>Unix time of the first sample (2026-01-01T00:00:00Z).</summary>
    public static readonly long Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    public static readonly IReadOnlyList<string> Workers = ["worker-0", "worker-1", "worker-2"];

    public static readonly IReadOnlyList<SyntheticTrial> Trials = BuildTrials();

    private static readonly string[] States = ["Pending", "Running", "Completed", "Failed", "Stopped"];

    public static string OpenMetrics()
    {
        var series = new SortedDictionary<string, List<(int T, double V)>>(StringComparer.Ordinal);
        void Add(string name, string labels, int t, double v)
        {
            var key = labels.Length == 0 ? name : $"{name}{{{labels}}}";
            if (!series.TryGetValue(key, out var list))
            {
                series[key] = list = [];
            }

            list.Add((t, v));
        }

        var times = Enumerable.Range(0, Duration / Step + 1).Select(i => i * Step).ToList();
        Sweeps(times, Add);
        Training(times, Add);
        WorkerSeries(times, Add);
        Orleans(times, Add);

        var text = new StringBuilder();
        foreach (var (key, points) in series)
        {
            foreach (var (t, v) in points)
            {
                text.Append(key).Append(' ').Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                    .Append((Start + t).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        text.Append("# EOF\n");
        return text.ToString();
    }

    private static List<SyntheticTrial> BuildTrials()
    {
        double[] priors = [0.1, 1, 10];
        string[] budgets = ["none", "0.5", "0.25"];
        var trials = new List<SyntheticTrial>();
        for (var i = 0; i < 9; i++)
        {
            var (p, b) = (i / 3, i % 3);
            var start = 60 + (i / 3) * 1320;
            var end = start + 1250 + 40 * (i % 3);
            var state = i switch { 5 => "Failed", 7 => "Stopped", _ => "Completed" };
            if (state != "Completed")
            {
                end = start + (end - start) * 3 / 5;
            }

            var bits = new[] { 6.6, 5.1, 3.4 }[p];
            var rank = new[] { 7.2, 5.0, 2.9 }[p];
            var bops = bits / 32 * rank / 8 * new[] { 1.0, 0.8, 0.6 }[b];
            var metric = 0.905 + 0.07 * (1 - Math.Exp(-bops * 14)) + 0.004 * Math.Sin(i * 1.7);
            trials.Add(new SyntheticTrial($"{Sweep}.t{i:00000}", $"priorStrength={priors[p]},bopBudget={budgets[b]},seed=0", Workers[i % 3], start, end, state, bits, rank, bops, metric));
        }

        return trials;
    }

    private static void Sweeps(List<int> times, Action<string, string, int, double> add)
    {
        var s = $"sweep=\"{Sweep}\"";
        foreach (var t in times)
        {
            foreach (var state in States)
            {
                add("blora_sweep_trials", $"{s},state=\"{state}\"", t, Trials.Count(x => x.StateAt(t) == state));
            }

            add("blora_sweep_queue_length", s, t, Trials.Count(x => x.StateAt(t) == "Pending"));
            var done = Trials.Where(x => x.StateAt(t) == "Completed").ToList();
            var front = done.Where(a => !done.Any(b => b != a && b.FinalMetric >= a.FinalMetric && b.FinalBops <= a.FinalBops)).OrderBy(a => a.FinalBops).ToList();
            add("blora_sweep_frontier_size", s, t, front.Count);
            add("blora_sweep_hypervolume_ratio", s, t, Hypervolume(front));
            foreach (var state in new[] { "Completed", "Failed", "Stopped" })
            {
                add("blora_trials_ended_total", $"state=\"{state}\"", t, Trials.Count(x => x.End <= t && x.FinalState == state));
            }

            var ended = Trials.Where(x => x.End <= t).ToList();
            Histogram(add, "blora_trial_final_bits", s, t, ended.Select(x => x.FinalBits), [2, 3, 4, 5, 6, 7, 8]);
            Histogram(add, "blora_trial_final_rank_ratio", s, t, ended.Select(x => x.FinalRank), [1, 2, 3, 4, 5, 6, 7, 8]);
            Histogram(add, "blora_trial_final_bops_ratio", s, t, ended.Select(x => x.FinalBops), [0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1]);
            foreach (var state in new[] { "Completed", "Failed", "Stopped" })
            {
                Histogram(add, "blora_trial_duration_seconds", $"{s},state=\"{state}\"", t,
                    ended.Where(x => x.FinalState == state).Select(x => (double)(x.End - x.Start)), [300, 600, 900, 1200, 1250, 1300, 1350, 1800]);
            }
        }
    }

    private static void Training(List<int> times, Action<string, string, int, double> add)
    {
        foreach (var trial in Trials)
        {
            var st = $"sweep=\"{Sweep}\",trial=\"{trial.Id}\"";
            double steps = 0;
            foreach (var t in times.Where(t => t >= trial.Start && t <= trial.End))
            {
                var p = trial.Progress(t);
                // Steps and samples count up while the trial runs (10 steps/s, batch 32).
                steps = (t - trial.Start) * 10.0;
                add("blora_train_steps_total", $"{st},device=\"cuda\"", t, steps);
                add("blora_train_samples_total", $"{st},device=\"cuda\"", t, steps * 32);
                add("blora_train_loss_ratio", st, t, trial.Loss(p, t));
                // The metric comes from periodic evaluations: it holds between them (every tenth of the run).
                add("blora_train_metric_ratio", $"{st},metric=\"accuracy\"", t, trial.Metric(Math.Floor(p * 10) / 10));
                add("blora_train_expected_bits", st, t, trial.Bits(p));
                add("blora_train_expected_rank_ratio", st, t, trial.Rank(p));
                add("blora_train_expected_bops_ratio", st, t, trial.Bops(p));
            }
        }
    }

    private static void WorkerSeries(List<int> times, Action<string, string, int, double> add)
    {
        for (var w = 0; w < Workers.Count; w++)
        {
            var sd = $"silo=\"{Workers[w]}\",device=\"cuda\"";
            foreach (var t in times)
            {
                var busy = Trials.Any(x => x.Silo == Workers[w] && x.RunningAt(t));
                add("blora_worker_slots_total", sd, t, 1);
                add("blora_worker_slots_used", sd, t, busy ? 1 : 0);
                add("blora_gpu_utilization_ratio", sd, t, busy ? 0.86 + 0.06 * Math.Sin(t / 90.0 + w) : 0.02);
                add("blora_gpu_memory_used_bytes", sd, t, busy ? (21.5 + 2 * w + 1.5 * Math.Sin(t / 200.0 + w)) * (1L << 30) : 0.8 * (1L << 30));
            }
        }
    }

    private static void Orleans(List<int> times, Action<string, string, int, double> add)
    {
        var silos = new[] { "coordinator-0" }.Concat(Workers).ToList();
        foreach (var silo in silos)
        {
            var i = $"job=\"blora-silo\",instance=\"{silo}\"";
            var coordinator = silo.StartsWith("coordinator", StringComparison.Ordinal);
            double calls = 0, writes = 0;
            foreach (var t in times)
            {
                var running = Trials.Count(x => x.Silo == silo && x.RunningAt(t));
                var started = Trials.Count(x => x.Silo == silo && x.Start <= t);
                var ended = Trials.Count(x => x.Silo == silo && x.End <= t);
                add("target_info", $"{i},telemetry_sdk_language=\"dotnet\",telemetry_sdk_name=\"opentelemetry\"", t, 1);
                if (coordinator)
                {
                    add("orleans_catalog_activations", $"{i},grain_type=\"sweep\"", t, 1);
                    add("orleans_catalog_activations", $"{i},grain_type=\"slotledger\"", t, 1);
                    add("orleans_catalog_activation_created_total", $"{i},grain_type=\"sweep\"", t, 1);
                    add("orleans_gateway_connected_clients", i, t, t > 120 ? 1 : 0);
                    add("orleans_reminders_active", i, t, 1 + Trials.Count(x => x.RunningAt(t)));
                }
                else
                {
                    add("orleans_catalog_activations", $"{i},grain_type=\"trial\"", t, running);
                    add("orleans_catalog_activation_created_total", $"{i},grain_type=\"trial\"", t, started);
                    add("orleans_catalog_activation_destroyed_total", $"{i},grain_type=\"trial\"", t, ended);
                    add("orleans_gateway_connected_clients", i, t, 0);
                    add("orleans_reminders_active", i, t, 0);
                }

                // Calls: the sweep's pump and the trials' progress reports (~25/s on the coordinator, ~8/s per busy worker);
                // grain state writes: the sweep's and the trials' checkpoints. Counts accumulate step by step.
                calls += (coordinator ? 25.0 : 2.0 + 6.0 * running) * (t == 0 ? 0 : Step);
                writes += (coordinator ? 1.2 : 0.2 * running + 0.01) * (t == 0 ? 0 : Step);
                Cumulative(add, "orleans_app_requests_latency_milliseconds", i, t, calls, [0.5, 1, 2, 4, 8, 10, 50, 100], [0.30, 0.62, 0.83, 0.93, 0.975, 0.985, 0.998, 1]);
                Cumulative(add, "orleans_messaging_sent_messages_size_bytes", i, t, calls * 2.1, [256, 1024, 4096, 16384], [0.55, 0.9, 0.99, 1]);
                Cumulative(add, "orleans_messaging_received_messages_size_bytes", i, t, calls * 2.0, [256, 1024, 4096, 16384], [0.55, 0.9, 0.99, 1]);
                Cumulative(add, "orleans_storage_write_latency_milliseconds", i, t, writes, [1, 2, 5, 10, 25, 50, 100], [0.05, 0.3, 0.7, 0.9, 0.97, 0.995, 1]);
                Cumulative(add, "orleans_storage_read_latency_milliseconds", i, t, writes * 0.1 + 3, [1, 2, 5, 10, 25, 50, 100], [0.2, 0.5, 0.85, 0.95, 0.99, 1, 1]);
                Cumulative(add, "orleans_reminders_tardiness_seconds", i, t, coordinator ? t / 60.0 : 0, [0.1, 0.5, 1, 5], [0.7, 0.95, 0.99, 1]);
                add("orleans_app_requests_timedout_total", $"{i},grain_type=\"trial\"", t, 0);
                add("orleans_messaging_rejected_total", $"{i},Direction=\"Request\"", t, t > 2400 ? 2 : 0);
                add("orleans_messaging_sent_dropped_total", $"{i},Direction=\"OneWay\"", t, 0);
                add("orleans_messaging_sent_failed_total", $"{i},Direction=\"Request\"", t, t > 1800 ? 1 : 0);
                add("orleans_messaging_expired_total", $"{i},Phase=\"Send\"", t, 0);
                add("orleans_messaging_pings_reply_missed_total", $"{i},Destination=\"{silos[(silos.IndexOf(silo) + 1) % silos.Count]}\"", t, t > 2000 && t < 2100 ? 1 : t >= 2100 ? 2 : 0);
                add("orleans_storage_write_errors_total", $"{i},provider_type_name=\"AzureBlobGrainStorage\",state_name=\"blora\",state_type=\"TrialState\"", t, coordinator || t < 1500 ? 0 : 1);
                add("orleans_storage_read_errors_total", $"{i},provider_type_name=\"AzureBlobGrainStorage\",state_name=\"blora\",state_type=\"TrialState\"", t, 0);
            }
        }
    }

    /// <summary>A cumulative histogram of a growing count spread over buckets by a fixed cumulative distribution.</summary>
    private static void Cumulative(Action<string, string, int, double> add, string name, string labels, int t, double count, double[] bounds, double[] cumulative)
    {
        var n = Math.Floor(count);
        for (var b = 0; b < bounds.Length; b++)
        {
            add(name + "_bucket", $"{labels},le=\"{bounds[b].ToString("R", CultureInfo.InvariantCulture)}\"", t, Math.Floor(n * cumulative[b]));
        }

        add(name + "_bucket", $"{labels},le=\"+Inf\"", t, n);
        add(name + "_count", labels, t, n);
        add(name + "_sum", labels, t, n * bounds[0]);
    }

    private static void Histogram(Action<string, string, int, double> add, string name, string labels, int t, IEnumerable<double> values, double[] bounds)
    {
        var all = values.ToList();
        foreach (var b in bounds)
        {
            add(name + "_bucket", $"{labels},le=\"{b.ToString("R", CultureInfo.InvariantCulture)}\"", t, all.Count(v => v <= b));
        }

        add(name + "_bucket", $"{labels},le=\"+Inf\"", t, all.Count);
        add(name + "_count", labels, t, all.Count);
        add(name + "_sum", labels, t, all.Sum());
    }

    /// <summary>Area dominated by the frontier (metric up, BOPs down) against the reference (metric 0, BOPs 1).</summary>
    private static double Hypervolume(List<SyntheticTrial> frontByBops)
    {
        var area = 0.0;
        for (var k = 0; k < frontByBops.Count; k++)
        {
            var right = k + 1 < frontByBops.Count ? frontByBops[k + 1].FinalBops : 1.0;
            area += (right - frontByBops[k].FinalBops) * frontByBops.Take(k + 1).Max(x => x.FinalMetric);
        }

        return area;
    }
}
