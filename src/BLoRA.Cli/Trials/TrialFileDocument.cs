namespace BLoRA.Cli.Trials;

/// <summary>
/// The schema of a trial file (YAML or JSON). Every field is optional; flags override the file.
/// Example: examples/trial-minilm-spam.yaml.
/// </summary>
internal sealed class TrialFileDocument
{
    public string? Model { get; set; }

    public string? Task { get; set; }

    public string? Data { get; set; }

    public int? MaxTrainExamples { get; set; }

    public int? MaxEvalExamples { get; set; }

    public string? Out { get; set; }

    public AdapterSection? Adapter { get; set; }

    public TrainerSection? Trainer { get; set; }

    internal sealed class AdapterSection
    {
        public int? Rank { get; set; }

        public double? Alpha { get; set; }

        public double? Dropout { get; set; }

        public List<string>? TargetModules { get; set; }

        public double? LambdaQ { get; set; }

        public double? LambdaR { get; set; }

        public double? PriorStrength { get; set; }

        public double? BopBudget { get; set; }

        public double? GateInit { get; set; }

        public bool? LearnedScale { get; set; }

        public bool? ClipInput { get; set; }

        public bool? QuantizeBase { get; set; }

        public bool? QuantizeActivations { get; set; }

        public string? RegularizerWeighting { get; set; }

        public List<int>? Bits { get; set; }

        public bool? GatesEnabled { get; set; }
    }

    internal sealed class TrainerSection
    {
        public int? Epochs { get; set; }

        public int? MaxSteps { get; set; }

        public int? BatchSize { get; set; }

        public double? LearningRate { get; set; }

        public double? GateLearningRate { get; set; }

        public double? WeightDecay { get; set; }

        public double? WarmupRatio { get; set; }

        public double? MaxGradNorm { get; set; }

        public int? EvalEvery { get; set; }

        public int? LogEvery { get; set; }

        public int? CheckpointEvery { get; set; }

        public long? Seed { get; set; }

        public string? Device { get; set; }

        public string? Precision { get; set; }

        public int? MaxLength { get; set; }
    }
}
