using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Data;
using BLoRA.Training.Models;
using BLoRA.Training.Training;

namespace BLoRA.Training.Trials;

/// <summary>Everything one B-LoRA trial needs: what to train on, the adapter, the trainer, where outputs go.</summary>
public sealed record TrialDefinition
{
    /// <summary>The model that needs no files: a small random-initialised encoder (with <see cref="SyntheticTaskName"/>).</summary>
    public const string TinyModelName = "tiny";

    /// <summary>The task that needs no files: a generated, learnable sequence task.</summary>
    public const string SyntheticTaskName = "synthetic";

    /// <summary>tiny, embedded:minilm, hf:DIR or a checkpoint directory.</summary>
    public string Model { get; init; } = ModelReference.EmbeddedMiniLm.ToString();

    /// <summary>synthetic, spam, spam-hard, glue:NAME, csv:PATH or jsonl:PATH.</summary>
    public string Task { get; init; } = "spam";

    /// <summary>Where GLUE (or other file-based) task data lives.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Seed of the data split and sampling: fixed across a sweep's training seeds so trials compare.</summary>
    public int DataSeed { get; init; } = 42;

    public int? MaxTrainExamples { get; init; }

    public int? MaxEvalExamples { get; init; }

    public BayesianLoraConfig Adapter { get; init; } = new();

    /// <summary>Dropout before the classifier (null: the checkpoint's, e.g. DeBERTa's cls_dropout, else hidden_dropout_prob).</summary>
    public double? ClassifierDropout { get; init; }

    public TrainerOptions Trainer { get; init; } = new();

    /// <summary>Checkpoints, the exported adapter and result.json go here (null: nothing is written).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Every problem with the definition, each naming its field.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Model != TinyModelName)
        {
            try
            {
                ModelReference.Parse(Model);
            }
            catch (ModelLoadException e)
            {
                problems.Add($"model: {e.Message}");
            }
        }
        else if (Task != SyntheticTaskName)
        {
            problems.Add($"model: '{TinyModelName}' has no tokenizer, so it only trains on --task {SyntheticTaskName}; use a pretrained model (e.g. embedded:minilm) for '{Task}'.");
        }

        if (Task != SyntheticTaskName)
        {
            try
            {
                TaskReference.Parse(Task);
            }
            catch (TaskDataException e)
            {
                problems.Add($"task: {e.Message}");
            }
        }

        if (MaxTrainExamples is < 1)
        {
            problems.Add($"maxTrainExamples: must be >= 1 when set (got {MaxTrainExamples}).");
        }

        if (MaxEvalExamples is < 1)
        {
            problems.Add($"maxEvalExamples: must be >= 1 when set (got {MaxEvalExamples}).");
        }

        if (ClassifierDropout is { } dropout && (!double.IsFinite(dropout) || dropout < 0 || dropout >= 1))
        {
            problems.Add($"classifierDropout: must be in [0, 1) when set (got {dropout}).");
        }

        problems.AddRange(Adapter.Validate().Select(p => "adapter." + p));
        problems.AddRange(Trainer.Validate().Select(p => "trainer." + p));
        return problems;
    }
}
