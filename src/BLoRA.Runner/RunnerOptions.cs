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

    /// <summary>
    /// The folders Hugging Face checkpoints (<c>hf:DIR</c> or a plain DIR) may come from; a model path that resolves
    /// (after <c>..</c> and symbolic links) outside all of them fails the trial. Empty: the working directory.
    /// </summary>
    public IList<string> ModelRoots { get; } = new List<string>();

    /// <summary>The folders task data (<c>options.data</c>, <c>csv:PATH</c>, <c>jsonl:PATH</c>) may come from. Empty: the working directory and <c>$BLORA_DATA_DIR</c>.</summary>
    public IList<string> DataRoots { get; } = new List<string>();

    /// <summary><see cref="ModelRoots"/>, or its default.</summary>
    public IReadOnlyList<string> EffectiveModelRoots => ModelRoots.Count > 0 ? [.. ModelRoots] : [Environment.CurrentDirectory];

    /// <summary><see cref="DataRoots"/>, or its default.</summary>
    public IReadOnlyList<string> EffectiveDataRoots =>
        DataRoots.Count > 0 ? [.. DataRoots]
        : Environment.GetEnvironmentVariable("BLORA_DATA_DIR") is { Length: > 0 } cache ? [Environment.CurrentDirectory, cache]
        : [Environment.CurrentDirectory];

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

        foreach (var (name, roots) in new[] { ("ModelRoots", ModelRoots), ("DataRoots", DataRoots) })
        {
            for (var i = 0; i < roots.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(roots[i]))
                {
                    problems.Add($"{SectionName}:{name}:{i}: is empty; name a folder (e.g. /models, /data).");
                }
            }
        }

        return problems;
    }
}
