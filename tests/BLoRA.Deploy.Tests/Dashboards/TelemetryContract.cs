namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>
/// The Prometheus names the dashboards may query: BLoRA's own (TELEMETRY-CONTRACT: OpenTelemetry instruments
/// of meter "BLoRA.Cluster" after grafana/otel-lgtm's OTLP-to-Prometheus conversion: dots to underscores,
/// unit suffixes, <c>_total</c> on counters) and the Orleans 10.4.2 instruments of meter "Microsoft.Orleans"
/// (dashes to underscores; "ms" adds <c>_milliseconds</c>, "bytes" <c>_bytes</c>, "seconds" <c>_seconds</c>).
/// </summary>
internal static class TelemetryContract
{
    /// <summary>Labels every series has (from the OTLP resource) or that histograms add.</summary>
    public static readonly IReadOnlySet<string> CommonLabels = new HashSet<string>(StringComparer.Ordinal) { "job", "instance", "service_name", "service_instance_id", "le" };

    public static readonly IReadOnlyList<ContractMetric> BLoRA =
    [
        new("blora_sweep_trials", MetricKind.Gauge, ["sweep", "state"]),
        new("blora_sweep_queue_length", MetricKind.Gauge, ["sweep"]),
        new("blora_sweep_frontier_size", MetricKind.Gauge, ["sweep"]),
        new("blora_sweep_hypervolume_ratio", MetricKind.Gauge, ["sweep"]),
        new("blora_worker_slots_used", MetricKind.Gauge, ["silo", "device"]),
        new("blora_worker_slots_total", MetricKind.Gauge, ["silo", "device"]),
        new("blora_trials_ended", MetricKind.Counter, ["state"]),
        new("blora_train_steps", MetricKind.Counter, ["sweep", "trial", "device"]),
        new("blora_train_samples", MetricKind.Counter, ["sweep", "trial", "device"]),
        new("blora_train_loss_ratio", MetricKind.Gauge, ["sweep", "trial"]),
        new("blora_train_metric_ratio", MetricKind.Gauge, ["sweep", "trial", "metric"]),
        new("blora_train_expected_bits", MetricKind.Gauge, ["sweep", "trial"]),
        new("blora_train_expected_rank_ratio", MetricKind.Gauge, ["sweep", "trial"]),
        new("blora_train_expected_bops_ratio", MetricKind.Gauge, ["sweep", "trial"]),
        new("blora_trial_final_bits", MetricKind.Histogram, ["sweep"]),
        new("blora_trial_final_rank_ratio", MetricKind.Histogram, ["sweep"]),
        new("blora_trial_final_bops_ratio", MetricKind.Histogram, ["sweep"]),
        new("blora_trial_duration_seconds", MetricKind.Histogram, ["sweep", "state"]),
        new("blora_gpu_memory_used_bytes", MetricKind.Gauge, ["silo", "device"]),
        new("blora_gpu_utilization_ratio", MetricKind.Gauge, ["silo", "device"]),
    ];

    public static readonly IReadOnlyList<ContractMetric> Orleans =
    [
        new("orleans_catalog_activations", MetricKind.Gauge, ["grain_type"], "orleans-catalog-activations"),
        new("orleans_catalog_activation_created", MetricKind.Counter, ["grain_type"], "orleans-catalog-activation-created"),
        new("orleans_catalog_activation_destroyed", MetricKind.Counter, ["grain_type"], "orleans-catalog-activation-destroyed"),
        new("orleans_app_requests_latency_milliseconds", MetricKind.Histogram, [], "orleans-app-requests-latency"),
        new("orleans_app_requests_timedout", MetricKind.Counter, ["grain_type"], "orleans-app-requests-timedout"),
        new("orleans_gateway_connected_clients", MetricKind.Gauge, [], "orleans-gateway-connected-clients"),
        new("orleans_messaging_sent_messages_size_bytes", MetricKind.Histogram, ["ConnectionDirection", "MessageDirection", "silo"], "orleans-messaging-sent-messages-size"),
        new("orleans_messaging_received_messages_size_bytes", MetricKind.Histogram, ["ConnectionDirection", "MessageDirection", "silo"], "orleans-messaging-received-messages-size"),
        new("orleans_messaging_rejected", MetricKind.Counter, ["Direction"], "orleans-messaging-rejected"),
        new("orleans_messaging_sent_dropped", MetricKind.Counter, ["Direction"], "orleans-messaging-sent-dropped"),
        new("orleans_messaging_sent_failed", MetricKind.Counter, ["Direction"], "orleans-messaging-sent-failed"),
        new("orleans_messaging_expired", MetricKind.Counter, ["Phase"], "orleans-messaging-expired"),
        new("orleans_messaging_pings_reply_missed", MetricKind.Counter, ["Destination"], "orleans-messaging-pings-reply-missed"),
        new("orleans_storage_read_latency_milliseconds", MetricKind.Histogram, ["provider_type_name", "state_name", "state_type"], "orleans-storage-read-latency"),
        new("orleans_storage_write_latency_milliseconds", MetricKind.Histogram, ["provider_type_name", "state_name", "state_type"], "orleans-storage-write-latency"),
        new("orleans_storage_read_errors", MetricKind.Counter, ["provider_type_name", "state_name", "state_type"], "orleans-storage-read-errors"),
        new("orleans_storage_write_errors", MetricKind.Counter, ["provider_type_name", "state_name", "state_type"], "orleans-storage-write-errors"),
        new("orleans_reminders_active", MetricKind.Gauge, [], "orleans-reminders-active"),
        new("orleans_reminders_tardiness_seconds", MetricKind.Histogram, [], "orleans-reminders-tardiness"),
        // One series per OTLP resource (per silo), with the resource's attributes as labels.
        new("target_info", MetricKind.Gauge, ["service_namespace", "telemetry_sdk_language", "telemetry_sdk_name", "telemetry_sdk_version", "k8s_pod_name", "k8s_namespace_name", "deployment_environment_name"]),
    ];

    public static IEnumerable<ContractMetric> All => BLoRA.Concat(Orleans);

    /// <summary>The metric a series name belongs to, or null.</summary>
    public static ContractMetric? Find(string seriesName) => All.FirstOrDefault(m => m.SeriesNames.Contains(seriesName, StringComparer.Ordinal));
}
