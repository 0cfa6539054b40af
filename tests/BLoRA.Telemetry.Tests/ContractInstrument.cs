namespace BLoRA.Telemetry.Tests;

/// <summary>One row of TELEMETRY-CONTRACT.md's instrument table (the dashboards' side of the contract).</summary>
public sealed record ContractInstrument(string Name, string Kind, string Unit, string[] Labels, string Prometheus)
{
    /// <summary>The contract's table, copied here on purpose: the code's names are checked against it, not against themselves.</summary>
    public static IReadOnlyList<ContractInstrument> All { get; } =
    [
        new("blora.sweep.trials", "ObservableGauge", "{trial}", ["sweep", "state"], "blora_sweep_trials"),
        new("blora.sweep.queue.length", "ObservableGauge", "{trial}", ["sweep"], "blora_sweep_queue_length"),
        new("blora.sweep.frontier.size", "ObservableGauge", "{point}", ["sweep"], "blora_sweep_frontier_size"),
        new("blora.sweep.hypervolume", "ObservableGauge", "1", ["sweep"], "blora_sweep_hypervolume_ratio"),
        new("blora.worker.slots.used", "ObservableGauge", "{slot}", ["silo", "device"], "blora_worker_slots_used"),
        new("blora.worker.slots.total", "ObservableGauge", "{slot}", ["silo", "device"], "blora_worker_slots_total"),
        new("blora.trials.ended", "Counter", "{trial}", ["state"], "blora_trials_ended_total"),
        new("blora.train.steps", "Counter", "{step}", ["sweep", "trial", "device"], "blora_train_steps_total"),
        new("blora.train.samples", "Counter", "{sample}", ["sweep", "trial", "device"], "blora_train_samples_total"),
        new("blora.train.loss", "Gauge", "1", ["sweep", "trial"], "blora_train_loss_ratio"),
        new("blora.train.metric", "Gauge", "1", ["sweep", "trial", "metric"], "blora_train_metric_ratio"),
        new("blora.train.expected_bits", "Gauge", "{bit}", ["sweep", "trial"], "blora_train_expected_bits"),
        new("blora.train.expected_rank", "Gauge", "1", ["sweep", "trial"], "blora_train_expected_rank_ratio"),
        new("blora.train.expected_bops", "Gauge", "1", ["sweep", "trial"], "blora_train_expected_bops_ratio"),
        new("blora.trial.final.bits", "Histogram", "{bit}", ["sweep"], "blora_trial_final_bits"),
        new("blora.trial.final.rank", "Histogram", "1", ["sweep"], "blora_trial_final_rank_ratio"),
        new("blora.trial.final.bops", "Histogram", "1", ["sweep"], "blora_trial_final_bops_ratio"),
        new("blora.trial.duration", "Histogram", "s", ["sweep", "state"], "blora_trial_duration_seconds"),
        new("blora.gpu.memory.used", "ObservableGauge", "By", ["silo", "device"], "blora_gpu_memory_used_bytes"),
        new("blora.gpu.utilization", "ObservableGauge", "1", ["silo", "device"], "blora_gpu_utilization_ratio"),
    ];

    /// <summary>The OTLP -> Prometheus name conversion the contract describes (histograms: the base of _bucket/_sum/_count).</summary>
    public static string PrometheusName(string name, string unit, string kind)
    {
        var prometheus = name.Replace('.', '_');
        prometheus += unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            "1" => "_ratio",
            _ => "",
        };
        return kind == "Counter" ? prometheus + "_total" : prometheus;
    }
}
