namespace BLoRA.Telemetry;

/// <summary>
/// Every telemetry name of the cluster in one place: the ActivitySource and Meter, the span names and
/// span tags, every instrument with its unit, and the (bounded) label keys. The Grafana dashboards under
/// deploy/ query exactly these names (as Prometheus names: dots become underscores, counters get
/// <c>_total</c>, units <c>s</c>/<c>By</c>/<c>1</c> add <c>_seconds</c>/<c>_bytes</c>/<c>_ratio</c>);
/// change one here and there together.
/// </summary>
public static class TelemetryNames
{
    /// <summary>The cluster's ActivitySource and Meter.</summary>
    public const string Source = "BLoRA.Cluster";

    /// <summary>Orleans' grain-call spans for runtime (system) grains.</summary>
    public const string OrleansRuntimeSource = "Microsoft.Orleans.Runtime";

    /// <summary>Orleans' grain-call spans for application grains (ours).</summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    /// <summary>Orleans' own meter (messaging, activations, ...).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Every ActivitySource a process subscribes to.</summary>
    public static IReadOnlyList<string> Sources { get; } = [Source, OrleansRuntimeSource, OrleansApplicationSource];

    /// <summary>Every Meter a process subscribes to.</summary>
    public static IReadOnlyList<string> Meters { get; } = [Source, OrleansMeter];

    /// <summary>Resource <c>service.name</c> of the <c>blora</c> command.</summary>
    public const string CliService = "blora-cli";

    /// <summary>Resource <c>service.name</c> of a silo.</summary>
    public const string SiloService = "blora-silo";

    /// <summary>
    /// The request-context key under which a sweep hands its submit span's W3C <c>traceparent</c> to the
    /// trials it starts (later, from timers and reports), so every attempt joins the submit's trace.
    /// </summary>
    public const string SweepTraceParentKey = "blora.sweep.traceparent";

    /// <summary>Span names (ActivitySource <see cref="Source"/>). Never one per training step.</summary>
    public static class Spans
    {
        /// <summary>The CLI's root span: <c>blora cli &lt;command&gt;</c>, e.g. <c>blora cli sweep submit</c>.</summary>
        public const string CliPrefix = "blora cli";

        public const string SweepSubmit = "sweep.submit";

        /// <summary>One attempt of one trial, on the silo that runs it.</summary>
        public const string TrialRun = "trial.run";

        public const string TrainEpoch = "train.epoch";

        public const string TrainEvaluate = "train.evaluate";

        public const string TrainCheckpoint = "train.checkpoint";
    }

    /// <summary>Span tags.</summary>
    public static class Tags
    {
        public const string SweepId = "blora.sweep.id";

        public const string TrialId = "blora.trial.id";

        /// <summary>The grid cell, e.g. <c>priorStrength=1,bopBudget=0.5,seed=0</c>.</summary>
        public const string TrialCell = "blora.trial.cell";

        public const string TrialAttempt = "blora.trial.attempt";

        public const string Silo = "blora.silo";

        public const string Device = "blora.device";

        public const string Trials = "blora.sweep.trials";

        public const string Outcome = "blora.trial.outcome";

        public const string Epoch = "blora.train.epoch";

        public const string Step = "blora.train.step";

        /// <summary>Prefix of the metric tags on evaluation spans, e.g. <c>blora.eval.accuracy</c>.</summary>
        public const string EvalPrefix = "blora.eval.";

        public const string ExitCode = "process.exit.code";
    }

    /// <summary>Metric label keys (all bounded).</summary>
    public static class Labels
    {
        /// <summary>Sweep id: bounded by the number of sweeps.</summary>
        public const string Sweep = "sweep";

        /// <summary>Trial id: bounded by the grid (capped by SweepLimits).</summary>
        public const string Trial = "trial";

        /// <summary>Pending | Running | Completed | Failed | Stopped.</summary>
        public const string State = "state";

        public const string Silo = "silo";

        /// <summary>cpu | cuda.</summary>
        public const string Device = "device";

        /// <summary>An evaluation metric's name, e.g. accuracy.</summary>
        public const string Metric = "metric";
    }

    /// <summary>Instrument names (Meter <see cref="Source"/>).</summary>
    public static class Instruments
    {
        public const string SweepTrials = "blora.sweep.trials";
        public const string SweepQueueLength = "blora.sweep.queue.length";
        public const string SweepFrontierSize = "blora.sweep.frontier.size";
        public const string SweepHypervolume = "blora.sweep.hypervolume";
        public const string WorkerSlotsUsed = "blora.worker.slots.used";
        public const string WorkerSlotsTotal = "blora.worker.slots.total";
        public const string TrialsEnded = "blora.trials.ended";
        public const string TrainSteps = "blora.train.steps";
        public const string TrainSamples = "blora.train.samples";
        public const string TrainLoss = "blora.train.loss";
        public const string TrainMetric = "blora.train.metric";
        public const string TrainExpectedBits = "blora.train.expected_bits";
        public const string TrainExpectedRank = "blora.train.expected_rank";
        public const string TrainExpectedBops = "blora.train.expected_bops";
        public const string TrialFinalBits = "blora.trial.final.bits";
        public const string TrialFinalRank = "blora.trial.final.rank";
        public const string TrialFinalBops = "blora.trial.final.bops";
        public const string TrialDuration = "blora.trial.duration";
        public const string GpuMemoryUsed = "blora.gpu.memory.used";
        public const string GpuUtilization = "blora.gpu.utilization";
    }

    /// <summary>Units (UCUM, as OpenTelemetry expects).</summary>
    public static class Units
    {
        public const string Trial = "{trial}";
        public const string Point = "{point}";
        public const string Slot = "{slot}";
        public const string Step = "{step}";
        public const string Sample = "{sample}";
        public const string Bit = "{bit}";
        public const string Ratio = "1";
        public const string Seconds = "s";
        public const string Bytes = "By";
    }

    /// <summary>Label values of <see cref="Labels.Device"/>.</summary>
    public static class Devices
    {
        public const string Cpu = "cpu";
        public const string Cuda = "cuda";

        /// <summary>cpu | cuda for a TorchSharp device (cpu, cuda, cuda:N) or an accelerator (cpu, gpu).</summary>
        public static string Of(string? device) =>
            device is not null && (device.StartsWith(Cuda, StringComparison.OrdinalIgnoreCase) || device.Equals("gpu", StringComparison.OrdinalIgnoreCase)) ? Cuda : Cpu;
    }
}
