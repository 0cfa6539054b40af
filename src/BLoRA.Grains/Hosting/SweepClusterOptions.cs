namespace BLoRA.Grains.Hosting;

/// <summary>
/// A silo's part in the sweep cluster (configuration section <c>BLoRA:Cluster</c>). The role,
/// accelerator and slots are advertised as silo metadata, so they are fixed for the silo's life.
/// </summary>
public sealed class SweepClusterOptions
{
    public const string SectionName = "BLoRA:Cluster";

    /// <summary>Coordinator, Worker or Dev (both).</summary>
    public SiloRole Role { get; set; } = SiloRole.Dev;

    /// <summary>What the worker slots are: <c>gpu</c> or <c>cpu</c> (development). Workers and dev silos only.</summary>
    public string Accelerator { get; set; } = "cpu";

    /// <summary>Trials' slots this silo runs at once (usually its GPU count). Workers and dev silos only.</summary>
    public int WorkerSlots { get; set; } = 1;

    /// <summary>How often a sweep admits waiting trials, looks for trials lost with a silo, and persists.</summary>
    public TimeSpan PumpInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a running trial checks that its execution is alive (a keep-alive grain timer).</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Period of the durable reminder that restarts a trial or sweep whose silo died (Orleans minimum: 1 minute).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Plain progress (without a checkpoint) is persisted at most this often per trial.</summary>
    public TimeSpan ProgressPersistInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Register the durable reminder watchdog per running trial (off only for benchmarks of raw dispatch).</summary>
    public bool TrialReminders { get; set; } = true;

    /// <summary>
    /// How long a trial's attempt runs before its durable reminder is registered (zero: at start).
    /// Registering is a round trip to the reminder service, so it is kept off the start's hot path;
    /// a silo that dies earlier is caught by the sweep, which starts the trial again.
    /// </summary>
    public TimeSpan TrialReminderDelay { get; set; } = TimeSpan.FromSeconds(10);

    public bool RunsTrials => Role is SiloRole.Worker or SiloRole.Dev;

    public bool Coordinates => Role is SiloRole.Coordinator or SiloRole.Dev;
}
