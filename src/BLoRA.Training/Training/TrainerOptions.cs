namespace BLoRA.Training.Training;

/// <summary>How one trial trains (blora-method.md section 7 defaults). Immutable; saved in every checkpoint.</summary>
public sealed record TrainerOptions
{
    public int Epochs { get; init; } = 3;

    /// <summary>Stop after this many optimizer steps (null: run every epoch).</summary>
    public int? MaxSteps { get; init; }

    public int BatchSize { get; init; } = 32;

    /// <summary>Learning rate of adapters and head.</summary>
    public double LearningRate { get; init; } = 8e-4;

    /// <summary>Learning rate of gate logits and quantizer scales (no weight decay).</summary>
    public double GateLearningRate { get; init; } = 1e-2;

    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Fraction of the steps spent warming the learning rate up linearly; then it decays linearly to 0.</summary>
    public double WarmupRatio { get; init; } = 0.06;

    /// <summary>Global gradient-norm clip (0: off).</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Evaluate every this many steps (0: at the end of each epoch only).</summary>
    public int EvalEvery { get; init; }

    /// <summary>Report progress (and read the loss from the device) every this many steps.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Write a checkpoint every this many steps (0: off).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>How many checkpoints to keep.</summary>
    public int KeepCheckpoints { get; init; } = 2;

    public long Seed { get; init; } = 42;

    /// <summary>TorchSharp device: cpu, cuda, cuda:N.</summary>
    public string Device { get; init; } = "cpu";

    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>Max tokens per example (longer ones are truncated by the tokenizer).</summary>
    public int MaxLength { get; init; } = 128;

    /// <summary>Whether <paramref name="device"/> is a TorchSharp device this project trains on: cpu, cuda or cuda:N.</summary>
    public static bool IsValidDevice(string? device) =>
        device is "cpu" or "cuda" || (device is not null && device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device.AsSpan(5), out var n) && n >= 0);

    /// <summary>Every problem, each naming its field.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                problems.Add(message);
            }
        }

        Require(Epochs is >= 1 and <= 10_000, $"{nameof(Epochs)}: must be between 1 and 10000 (got {Epochs}).");
        Require(MaxSteps is null or >= 1, $"{nameof(MaxSteps)}: must be >= 1 when set (got {MaxSteps}).");
        Require(BatchSize is >= 1 and <= 65_536, $"{nameof(BatchSize)}: must be between 1 and 65536 (got {BatchSize}).");
        Require(double.IsFinite(LearningRate) && LearningRate > 0 && LearningRate < 1, $"{nameof(LearningRate)}: must be in (0, 1) (got {LearningRate}).");
        Require(double.IsFinite(GateLearningRate) && GateLearningRate > 0 && GateLearningRate < 10, $"{nameof(GateLearningRate)}: must be in (0, 10) (got {GateLearningRate}).");
        Require(double.IsFinite(WeightDecay) && WeightDecay >= 0, $"{nameof(WeightDecay)}: must be >= 0 (got {WeightDecay}).");
        Require(double.IsFinite(WarmupRatio) && WarmupRatio is >= 0 and < 1, $"{nameof(WarmupRatio)}: must be in [0, 1) (got {WarmupRatio}).");
        Require(double.IsFinite(MaxGradNorm) && MaxGradNorm >= 0, $"{nameof(MaxGradNorm)}: must be >= 0 (got {MaxGradNorm}).");
        Require(EvalEvery >= 0, $"{nameof(EvalEvery)}: must be >= 0 (got {EvalEvery}).");
        Require(LogEvery >= 1, $"{nameof(LogEvery)}: must be >= 1 (got {LogEvery}).");
        Require(CheckpointEvery >= 0, $"{nameof(CheckpointEvery)}: must be >= 0 (got {CheckpointEvery}).");
        Require(KeepCheckpoints >= 1, $"{nameof(KeepCheckpoints)}: must be >= 1 (got {KeepCheckpoints}).");
        Require(MaxLength is >= 8 and <= 4096, $"{nameof(MaxLength)}: must be between 8 and 4096 (got {MaxLength}).");
        Require(IsValidDevice(Device),
            $"{nameof(Device)}: must be cpu, cuda or cuda:N (got '{Device}').");
        Require(Enum.IsDefined(Precision), $"{nameof(Precision)}: must be Fp32 or Bf16 (got {Precision}).");
        return problems;
    }
}
