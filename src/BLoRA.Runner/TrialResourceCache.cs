using System.Collections.Concurrent;
using BLoRA.Training.Models;
using BLoRA.Training.Training;
using BLoRA.Training.Trials;
using static TorchSharp.torch;

namespace BLoRA.Runner;

/// <summary>
/// Per-silo caches: each pretrained model is read from disk once and kept on the CPU as a template
/// (every trial gets its own copy of the weights, since injecting adapters changes a model); each
/// tokenized task is built once per (model, task, data, seed, length, sizes).
/// </summary>
public sealed class TrialResourceCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<PretrainedModel>> models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<TrainingTask>> tasks = new(StringComparer.Ordinal);

    /// <summary>How many models were read from disk (tests check that a second trial reuses the first's).</summary>
    public int ModelLoads => models.Count(m => m.Value.IsValueCreated);

    /// <summary>How many tokenized tasks were built.</summary>
    public int TaskBuilds => tasks.Count(t => t.Value.IsValueCreated);

    /// <summary>A fresh classifier and the (shared, read-only) tokenized task of a trial.</summary>
    public (ISequenceClassifier Model, TrainingTask Task) Prepare(TrialDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Model == TrialDefinition.TinyModelName)
        {
            return TrialRunner.Prepare(definition);
        }

        var template = models.GetOrAdd(definition.Model, reference => new Lazy<PretrainedModel>(() => PretrainedModels.Load(ModelReference.Parse(reference), CPU))).Value;
        var key = string.Join('|', definition.Model, definition.Task, definition.DataDirectory, definition.DataSeed, definition.Trainer.MaxLength, definition.MaxTrainExamples, definition.MaxEvalExamples);
        var task = tasks.GetOrAdd(key, _ => new Lazy<TrainingTask>(() => TrialRunner.BuildTask(definition, template.Tokenizer))).Value;
        return (template.Clone().CreateClassifier(task.NumLabels, definition.ClassifierDropout), task);
    }

    /// <summary>
    /// Frees the templates (silo shutdown). A trial still copying one (a run the execution host stopped waiting
    /// for) holds its lock (see <see cref="PretrainedModel.Clone"/>): the template is freed after the copy, never
    /// under it; a copy begun later fails with TorchSharp's disposed-tensor error instead of reading freed memory.
    /// </summary>
    public void Dispose()
    {
        foreach (var model in models.Values.Where(m => m.IsValueCreated))
        {
            var template = model.Value;
            lock (template.Encoder)
            {
                template.Dispose();
            }
        }
    }
}
