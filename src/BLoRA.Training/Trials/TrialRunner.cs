using System.Text.Json;
using BLoRA.Training.Adapters.Export;
using BLoRA.Training.Data;
using BLoRA.Training.Models;
using BLoRA.Training.Tokenization;
using BLoRA.Training.Training;
using static TorchSharp.torch;

namespace BLoRA.Training.Trials;

/// <summary>
/// Runs one trial locally: resolves the model and task, tokenizes, trains with checkpoints, exports
/// the adapter and writes result.json. `blora train` and worker silos both run trials through here.
/// </summary>
public static class TrialRunner
{
    public static TrialOutcome Run(
        TrialDefinition definition,
        Action<TrainingProgress>? progress = null,
        Action<string>? status = null,
        string? resumeFrom = null,
        Action<string, int>? checkpointWritten = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = definition.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid trial:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }

        var (model, task) = Prepare(definition, status);
        using var owned = model;
        return Run(definition, model, task, progress, status, resumeFrom, checkpointWritten, cancellationToken);
    }

    /// <summary>Runs a trial on a model and task prepared by the caller (e.g. from a per-silo cache).</summary>
    public static TrialOutcome Run(
        TrialDefinition definition,
        ISequenceClassifier model,
        TrainingTask task,
        Action<TrainingProgress>? progress = null,
        Action<string>? status = null,
        string? resumeFrom = null,
        Action<string, int>? checkpointWritten = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        status?.Invoke($"training on {task.Train.Count} examples, evaluating on {task.Eval.Count}");
        var trainer = new BLoRATrainer(model, task, definition.Adapter, definition.Trainer);
        var checkpoints = definition.OutputDirectory is null ? null : Path.Combine(definition.OutputDirectory, "checkpoints");
        var result = trainer.Train(progress, checkpoints, resumeFrom, checkpointWritten: checkpointWritten, cancellationToken: cancellationToken);

        string? adapterDir = null;
        if (definition.OutputDirectory is { } output)
        {
            adapterDir = Path.Combine(output, "adapter");
            AdapterExporter.Export(trainer.Blora, model.Root, adapterDir);
            File.WriteAllText(Path.Combine(output, "result.json"), JsonSerializer.Serialize(result, ExportJson.Options));
        }

        return new TrialOutcome(result, adapterDir, checkpoints);
    }

    /// <summary>Loads the model and the tokenized task of a trial.</summary>
    public static (ISequenceClassifier Model, TrainingTask Task) Prepare(TrialDefinition definition, Action<string>? status = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Model == TrialDefinition.TinyModelName)
        {
            return (new TinyEncoderClassifier(SyntheticTask.VocabSize, hidden: 64, layerCount: 2, labels: 2, definition.Trainer.Seed), BuildTask(definition, null));
        }

        status?.Invoke($"loading model {definition.Model}");
        var pretrained = PretrainedModels.Load(ModelReference.Parse(definition.Model), CPU);
        status?.Invoke($"loading task {definition.Task}");
        var task = BuildTask(definition, pretrained.Tokenizer);
        return (pretrained.CreateClassifier(task.NumLabels, definition.ClassifierDropout), task);
    }

    /// <summary>
    /// The tokenized task of a trial: the synthetic task (no tokenizer needed), or the text task read
    /// from its files and tokenized with <paramref name="tokenizer"/>, sampled by the data seed.
    /// </summary>
    public static TrainingTask BuildTask(TrialDefinition definition, ITextTokenizer? tokenizer)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Task == TrialDefinition.SyntheticTaskName)
        {
            return SyntheticTask.Create(definition.MaxTrainExamples ?? 512, definition.MaxEvalExamples ?? 256, definition.DataSeed);
        }

        ArgumentNullException.ThrowIfNull(tokenizer);
        var text = TaskLoader.Load(definition.Task, new TaskOptions { DataDirectory = definition.DataDirectory, Seed = definition.DataSeed });
        return TaskTokenization.Tokenize(text, tokenizer, definition.Trainer.MaxLength, definition.MaxTrainExamples, definition.MaxEvalExamples, definition.DataSeed);
    }
}
