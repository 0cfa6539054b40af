using System.Collections.Immutable;
using BLoRA.Abstractions;
using BLoRA.Telemetry;
using BLoRA.Training.Training;
using BLoRA.Training.Trials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;
using TrainingOutcome = BLoRA.Training.Trials.TrialOutcome;

namespace BLoRA.Runner;

/// <summary>
/// The worker's <see cref="ITrialRunner"/>: maps the trial spec to the B-LoRA trainer, resumes from
/// the checkpoint in the artifact store, reports progress (step, loss, metric, expected bits, rank and
/// BOPs) and every checkpoint, uploads the exported adapter and result, and honours cancellation
/// (a stopping worker checkpoints first, so the trial continues elsewhere). Each trial trains on its
/// own long-running thread, so a silo with several slots runs several trials at once.
/// </summary>
public sealed partial class BLoRATrialRunner(IArtifactStore store, TrialResourceCache cache, IOptions<RunnerOptions> options, ILogger<BLoRATrialRunner> logger) : ITrialRunner
{
    private readonly RunnerOptions settings = options.Value;

    public Task<Abstractions.TrialOutcome> RunAsync(TrialRun run, ITrialProgressSink progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(progress);
        return Task.Factory.StartNew(() => Run(run, progress, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private Abstractions.TrialOutcome Run(TrialRun run, ITrialProgressSink sink, CancellationToken cancellationToken)
    {
        var spec = run.Spec;
        var device = ResolveDevice();
        BLoRAActivities.SetTrialDevice(device);
        var definition = TrialSpecMapping.ToDefinition(spec, device);
        var outside = TrialPathPolicy.Problems(definition, settings);
        if (outside.Count > 0)
        {
            LogRefused(logger, spec.TrialId, outside.Count);
            return Abstractions.TrialOutcome.Failed($"trial {spec.TrialId}: " + string.Join(" ", outside));
        }

        var scratch = Path.Combine(settings.ScratchDirectory, spec.TrialId, $"attempt-{run.Attempt}");
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }

        Directory.CreateDirectory(scratch);
        try
        {
            var (resumeFrom, resumeStep) = run.ResumeCheckpoint is { } key ? Resume(spec, key, Path.Combine(scratch, "resume"), cancellationToken) : (null, 0);
            LogStarting(logger, spec.TrialId, run.Attempt, device, run.ResumeCheckpoint ?? "scratch");
            var (model, task) = cache.Prepare(definition);
            using var owned = model;
            TrainingProgress? last = null;
            var metrics = new TrainingMetrics(spec.SweepId, spec.TrialId, device);
            var measuredStep = resumeStep;
            var outcome = TrialRunner.Run(
                definition with { OutputDirectory = scratch, Trainer = definition.Trainer with { CheckpointEvery = CheckpointEvery(definition) } },
                model,
                task,
                p =>
                {
                    last = p;
                    metrics.Progress(p.Step - measuredStep, SamplesBetween(measuredStep, p.Step, task.Train.Count, definition.Trainer.BatchSize),
                        p.Loss, p.ExpectedBits, p.ExpectedRank, p.ExpectedRelativeBops);
                    measuredStep = p.Step;
                    if (p.EvalMetrics is { } evaluation)
                    {
                        metrics.Evaluation(evaluation);
                    }

                    Report(sink, ToProgress(p, task.PrimaryMetric, null), cancellationToken);
                },
                resumeFrom: resumeFrom,
                checkpointWritten: (folder, step) =>
                {
                    var ckptKey = ArtifactKeys.Checkpoint(spec.SweepId, spec.TrialId, step);
                    try
                    {
                        using var archive = DirectoryArchive.Pack(folder);
                        store.PutAsync(ckptKey, archive, "application/x-tar", CancellationToken.None).GetAwaiter().GetResult();
                    }
#pragma warning disable CA1031 // The store is unavailable: training goes on; the next checkpoint tries again.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        LogCheckpointNotStored(logger, spec.TrialId, step, e.Message);
                        return;
                    }

                    PruneCheckpoints(spec, ckptKey);
                    var at = last is null ? new TrainingProgress(step, step, 1, double.NaN, 0, 0, 0, 0, 0, null) : last with { Step = step };
                    Report(sink, ToProgress(at, task.PrimaryMetric, null) with { Checkpoint = ckptKey }, CancellationToken.None);
                },
                cancellationToken: cancellationToken);
            var artifacts = Upload(spec, outcome);
            return Abstractions.TrialOutcome.Completed(ToResult(outcome.Result, artifacts));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Abstractions.TrialOutcome.Cancelled("cancelled");
        }
        finally
        {
            TryDelete(scratch);
        }
    }

    private string ResolveDevice()
    {
        if (settings.Device == "cpu" || cuda.is_available())
        {
            return settings.Device;
        }

        return settings.AllowCpuFallback
            ? "cpu"
            : throw new InvalidOperationException($"{RunnerOptions.SectionName}:Device is '{settings.Device}' but no CUDA device is visible; set BLORA_LIBTORCH_DIR to a CUDA libtorch, or {RunnerOptions.SectionName}:AllowCpuFallback=true for development.");
    }

    /// <summary>Checkpoints about ten times per trial unless the sweep set its own interval.</summary>
    private static int CheckpointEvery(TrialDefinition definition) =>
        definition.Trainer.CheckpointEvery > 0 ? definition.Trainer.CheckpointEvery : Math.Max(1, EstimatedSteps(definition) / 10);

    private static int EstimatedSteps(TrialDefinition d)
    {
        var examples = d.MaxTrainExamples ?? 10_000;
        var all = (examples + d.Trainer.BatchSize - 1) / d.Trainer.BatchSize * d.Trainer.Epochs;
        return d.Trainer.MaxSteps is { } max ? Math.Min(max, all) : all;
    }

    /// <summary>
    /// The checkpoint to resume from: the newest of the trial's checkpoints in the store (the one the trial
    /// grain recorded among them) that unpacks and passes its checksums. A corrupt, truncated or missing one
    /// is skipped for the one before it; none usable: the attempt starts from step 0. Either way, it is logged.
    /// </summary>
    private (string? Folder, int Step) Resume(TrialSpec spec, string recorded, string directory, CancellationToken cancellationToken)
    {
        var candidates = ListKeys($"{ArtifactKeys.Trial(spec.SweepId, spec.TrialId)}/checkpoints/")
            .Append(recorded).Distinct(StringComparer.Ordinal).OrderDescending(StringComparer.Ordinal);
        var rejected = new List<string>();
        var point = new ResumePoint(null, 0, rejected);
        foreach (var key in candidates)
        {
            try
            {
                var folder = Download(key, directory, cancellationToken);
                point = new ResumePoint(folder, Checkpoint.ReadState(folder).Step, rejected);
                break;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException or ArgumentException)
            {
                rejected.Add($"{key}: {e.Message}");
            }
        }

        if (point.Folder is null || rejected.Count > 0)
        {
            LogResumeFallback(logger, spec.TrialId, recorded, point.Describe());
        }

        return (point.Folder, point.Step);
    }

    /// <summary>Unpacks <paramref name="key"/> into a folder of its own.</summary>
    /// <exception cref="InvalidDataException">The store has no such key, or the archive is truncated or garbled.</exception>
    private string Download(string key, string directory, CancellationToken cancellationToken)
    {
        using var stream = store.OpenReadAsync(key, cancellationToken).GetAwaiter().GetResult()
                           ?? throw new InvalidDataException("not in the artifact store");
        var folder = Path.Combine(directory, Path.GetFileNameWithoutExtension(key));
        try
        {
            DirectoryArchive.Unpack(stream, folder);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"the archive is truncated or garbled ({e.Message})", e);
        }

        return folder;
    }

    /// <summary>
    /// Training examples in steps <paramref name="from"/> (exclusive) to <paramref name="to"/> (inclusive):
    /// full batches, except the last batch of each epoch holds the remainder.
    /// </summary>
    internal static long SamplesBetween(int from, int to, int examples, int batchSize)
    {
        if (examples <= 0 || batchSize <= 0)
        {
            return 0;
        }

        var perEpoch = (examples + batchSize - 1) / batchSize;
        long samples = 0;
        for (var step = Math.Max(from, 0); step < to; step++)
        {
            samples += Math.Min(batchSize, examples - (step % perEpoch * batchSize));
        }

        return samples;
    }

    private List<string> ListKeys(string prefix)
    {
        var keys = new List<string>();
        var listing = store.ListAsync(prefix).GetAsyncEnumerator();
        try
        {
            while (listing.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                keys.Add(listing.Current.Key);
            }
        }
        finally
        {
            listing.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return keys;
    }

    private ImmutableDictionary<string, string> Upload(TrialSpec spec, TrainingOutcome outcome)
    {
        var artifacts = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (outcome.AdapterDirectory is { } adapter)
        {
            var key = $"{ArtifactKeys.Trial(spec.SweepId, spec.TrialId)}/adapter.tar";
            using var archive = DirectoryArchive.Pack(adapter);
            store.PutAsync(key, archive, "application/x-tar").GetAwaiter().GetResult();
            artifacts["adapter"] = key;
        }

        var result = Path.Combine(Path.GetDirectoryName(outcome.AdapterDirectory ?? ".")!, "result.json");
        if (File.Exists(result))
        {
            var key = ArtifactKeys.Result(spec.SweepId, spec.TrialId);
            using var stream = File.OpenRead(result);
            store.PutAsync(key, stream, "application/json").GetAwaiter().GetResult();
            artifacts["result"] = key;
        }

        return artifacts.ToImmutable();
    }

    /// <summary>Keeps the newest two checkpoints of a trial in the store (the one just written and its predecessor).</summary>
    private void PruneCheckpoints(TrialSpec spec, string newest)
    {
        var keys = ListKeys($"{ArtifactKeys.Trial(spec.SweepId, spec.TrialId)}/checkpoints/");
        foreach (var old in keys.Where(k => string.CompareOrdinal(k, newest) < 0).OrderDescending(StringComparer.Ordinal).Skip(1))
        {
            store.DeleteAsync(old).GetAwaiter().GetResult();
        }
    }

    private static void Report(ITrialProgressSink sink, TrialProgress progress, CancellationToken cancellationToken)
    {
        try
        {
            sink.ReportAsync(progress, cancellationToken).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The trainer sees the token at its next step and checkpoints.
        }
    }

    internal static TrialProgress ToProgress(TrainingProgress p, string primaryMetric, string? checkpoint) =>
        new(p.Step, p.TotalSteps, p.Epoch, p.Loss, p.EvalMetrics is { } m && m.TryGetValue(primaryMetric, out var v) ? v : null,
            p.ExpectedBits, p.ExpectedRank, p.ExpectedRelativeBops, checkpoint);

    internal static TrialResult ToResult(TrainingResult r, ImmutableDictionary<string, string> artifacts) =>
        new(
            r.Metrics.ToImmutableDictionary(StringComparer.Ordinal),
            r.PrimaryMetric,
            r.Metrics[r.PrimaryMetric],
            new BopsReport(r.Bops.AdapterBops, r.Bops.AdapterRelative, r.Bops.ModelPerToken),
            r.BudgetMet,
            r.Bops.Adapters.ToImmutableDictionary(a => a.Key, a => a.Value.LiveRank, StringComparer.Ordinal),
            r.Bops.Adapters.SelectMany(a => a.Value.Bits.Select(b => (Key: $"{a.Key}.{b.Key}", b.Value))).ToImmutableDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            r.Steps,
            r.Seconds,
            artifacts);

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "trial {TrialId} refused: {Count} path(s) outside this worker's roots (BLoRA:Runner:ModelRoots / DataRoots)")]
    private static partial void LogRefused(ILogger logger, string trialId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "trial {TrialId}: checkpoint {Checkpoint} was recorded; {Resume}")]
    private static partial void LogResumeFallback(ILogger logger, string trialId, string checkpoint, string resume);

    [LoggerMessage(Level = LogLevel.Warning, Message = "trial {TrialId}: the checkpoint at step {Step} could not be stored ({Error}); training goes on, the next checkpoint tries again")]
    private static partial void LogCheckpointNotStored(ILogger logger, string trialId, int step, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "trial {TrialId} attempt {Attempt} starting on {Device} from {Checkpoint}")]
    private static partial void LogStarting(ILogger logger, string trialId, int attempt, string device, string checkpoint);
}
