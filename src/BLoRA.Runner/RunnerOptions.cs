namespace BLoRA.Runner;

/// <summary>How a worker silo runs trials (configuration section <c>BLoRA:Runner</c>).</summary>
public sealed class RunnerOptions
{
    public const string SectionName = "BLoRA:Runner";

    /// <summary>TorchSharp device for trials: cpu, cuda, cuda:N.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Run on the CPU when <see cref="Device"/> is CUDA but no GPU is visible (development only).</summary>
    public bool AllowCpuFallback { get; set; }

    /// <summary>Local scratch space for checkpoints and exports before they go to the artifact store.</summary>
    public string ScratchDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "blora-worker");

    /// <summary>Every problem, each naming the key to set.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!BLoRA.Training.Training.TrainerOptions.IsValidDevice(Device))
        {
            problems.Add($"{SectionName}:Device: must be cpu, cuda or cuda:N (got '{Device}').");
        }

        if (string.IsNullOrWhiteSpace(ScratchDirectory))
        {
            problems.Add($"{SectionName}:ScratchDirectory: must name a writable directory.");
        }

        return problems;
    }
}
