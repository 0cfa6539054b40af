using TorchSharp;
using System.Diagnostics;
using BLoRA.Telemetry;
using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Training;

/// <summary>
/// Trains one B-LoRA trial, top to bottom: inject adapters, build AdamW with two parameter groups,
/// then steps of (batch -> loss + prior + budget penalty -> backward -> clip -> schedule -> step),
/// periodic evaluation and checkpoints, and the final deterministic report. Each step runs in its
/// own dispose scope and reads nothing back from the device except every LogEvery steps. Traced per
/// epoch, evaluation and checkpoint (<c>train.epoch</c>, <c>train.evaluate</c>, <c>train.checkpoint</c>),
/// never per step.
/// </summary>
public sealed class BLoRATrainer
{
    private readonly ISequenceClassifier model;
    private readonly TrainingTask task;
    private readonly BayesianLoraConfig config;
    private readonly TrainerOptions options;
    private readonly Device device;

    public BLoRATrainer(ISequenceClassifier model, TrainingTask task, BayesianLoraConfig config, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        var problems = config.Validate().Concat(options.Validate()).ToList();
        if (task.Train.Count == 0)
        {
            problems.Add($"task {task.Name}: has no training examples.");
        }

        if (task.Eval.Count == 0)
        {
            problems.Add($"task {task.Name}: has no evaluation examples.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("cannot train:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }

        this.model = model;
        this.task = task;
        // Targets left at the default (or "adalora") become the model family's own module names.
        config = TargetModuleSets.Resolve(config, model.DefaultTargetModules, model.AdaLoraTargetModules);
        this.config = config;
        this.options = options;
        device = new Device(options.Device);
        manual_seed(options.Seed);
        Blora = BayesianLoraModel.Inject(model.Root, config, model.HeadPrefixes, options.Seed);
        model.Root.to(device);
        if (options.Precision == Precision.Bf16)
        {
            // Mixed precision: the frozen model in bf16; adapters, gates and head stay fp32 master weights.
            model.Root.to(bfloat16);
            foreach (var (name, module) in model.Root.named_modules())
            {
                if (name.EndsWith(".adapter", StringComparison.Ordinal) || model.HeadPrefixes.Contains(name))
                {
                    module.to(float32);
                }
            }
        }
    }

    /// <summary>The injected adapters (available before and after <see cref="Train"/>).</summary>
    public BayesianLoraModel Blora { get; }

    /// <summary>Steps in the whole run: epochs x batches per epoch, capped by MaxSteps.</summary>
    public int TotalSteps
    {
        get
        {
            var perEpoch = (task.Train.Count + options.BatchSize - 1) / options.BatchSize;
            var all = perEpoch * options.Epochs;
            return options.MaxSteps is { } max ? Math.Min(max, all) : all;
        }
    }

    /// <summary>
    /// Trains to the end (or to <paramref name="stopAtStep"/>), resuming from <paramref name="resumeFrom"/>
    /// when given. Checkpoints go to <paramref name="checkpointRoot"/> every CheckpointEvery steps.
    /// <paramref name="stepCompleted"/> runs on the host after every step without reading the device
    /// (on CUDA the step may still be in flight; benchmarks time whole runs there).
    /// </summary>
    public TrainingResult Train(
        Action<TrainingProgress>? progress = null,
        string? checkpointRoot = null,
        string? resumeFrom = null,
        int? stopAtStep = null,
        Action<string, int>? checkpointWritten = null,
        Action<int>? stepCompleted = null,
        CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var total = TotalSteps;
        var warmup = (int)Math.Ceiling(total * options.WarmupRatio);
        var adapterParams = Blora.AdapterParameters();
        var gateParams = Blora.GateParameters();
        var groups = new List<AdamW.ParamGroup> { new(adapterParams, lr: options.LearningRate, weight_decay: options.WeightDecay) };
        if (gateParams.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(gateParams, lr: options.GateLearningRate, weight_decay: 0));
        }

        using var optimizer = new HeldScalarAdamW(groups, options.LearningRate);
        var baseRates = new[] { options.LearningRate, options.GateLearningRate };
        using var budget = config.BopBudget is { } b ? new BopBudgetController(b, config.BudgetMargin, config.BudgetDualStep, device) : null;
        var trainable = Blora.Trainable().Select(t => t.Parameter).ToList();

        var step = 0;
        if (resumeFrom is not null)
        {
            var state = Checkpoint.ReadState(resumeFrom);
            if (state.Config != config && !SameConfig(state.Config, config))
            {
                throw new InvalidOperationException($"checkpoint '{resumeFrom}' was made with a different B-LoRA config; resume with the config it holds.");
            }

            Checkpoint.Restore(resumeFrom, model.Root, optimizer);
            if (budget is not null)
            {
                budget.Multiplier = state.BudgetMultiplier;
            }

            step = state.Step;
        }

        using var runningLoss = zeros(1, device: device);
        var windowSteps = 0;
        var lastLoss = double.NaN;
        IReadOnlyDictionary<string, double>? lastEval = null;
        var stop = Math.Min(total, stopAtStep ?? total);
        var perEpoch = (task.Train.Count + options.BatchSize - 1) / options.BatchSize;
        int[] order = [];
        var orderEpoch = -1;
        Activity? epochSpan = null;
        try
        {
            while (step < stop)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    // A stopping worker keeps its progress: checkpoint where training stands, then stop.
                    if (checkpointRoot is not null && step > 0 && !Checkpoint.List(checkpointRoot).Any(c => c.EndsWith(Checkpoint.FolderName(step), StringComparison.Ordinal)))
                    {
                        using var span = BLoRAActivities.StartCheckpoint(step);
                        using var scope = NewDisposeScope();
                        var state = new CheckpointState(CheckpointState.CurrentFormat, config, options, step, total, budget?.Multiplier ?? 0, new Dictionary<string, string>());
                        checkpointWritten?.Invoke(Checkpoint.Save(checkpointRoot, model.Root, Blora, optimizer, state, options.KeepCheckpoints), step);
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                }

                var epoch = step / perEpoch;
                if (epoch != orderEpoch)
                {
                    order = EpochOrder(epoch);
                    orderEpoch = epoch;
                    epochSpan?.Dispose();
                    epochSpan = BLoRAActivities.StartEpoch(epoch + 1, step, options.Device);
                }

                var multiplier = LearningRateSchedule.Multiplier(step, warmup, total);
                var i = 0;
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = baseRates[i++] * multiplier;
                }

                using (var scope = NewDisposeScope())
                {
                    model.Root.train();
                    var start = (step % perEpoch) * options.BatchSize;
                    var examples = order.Skip(start).Take(options.BatchSize).Select(j => task.Train[j]).ToList();
                    var batch = Batch.Collate(examples, device, model.PadTokenId, task.IsRegression);
                    // Forward, backward and clipping change nothing the next attempt reads, so a step that
                    // meets TorchSharp's scalar race is redone (ScalarRace); the optimizer and the dual
                    // update hold their scalars and cannot meet it.
                    var (loss, expected) = ScalarRace.Retry(() =>
                    {
                        optimizer.zero_grad();
                        var logits = model.Forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds);
                        var loss = TaskLoss(logits, batch.Labels) + Blora.Regularizer();
                        // Expected BOPs only when a budget needs them: without one they would be graph work for nothing.
                        var expected = budget is null ? null : Blora.ExpectedRelativeBops();
                        if (budget is not null)
                        {
                            loss = loss + budget.Penalty(expected!);
                        }

                        loss.backward();
                        ClipGradients(trainable, options.MaxGradNorm);
                        return (loss, expected);
                    });
                    optimizer.step();
                    if (budget is not null)
                    {
                        budget.Update(expected!);
                    }

                    runningLoss.add_(loss.detach(), HeldScalars.One);
                }

                step++;
                windowSteps++;
                stepCompleted?.Invoke(step);
                var endOfEpoch = step % perEpoch == 0 || step == total;
                var evalNow = (options.EvalEvery > 0 && step % options.EvalEvery == 0) || (options.EvalEvery == 0 && endOfEpoch) || step == total;
                if (evalNow)
                {
                    lastEval = ScalarRace.Retry(Evaluate);
                }

                if (step % options.LogEvery == 0 || evalNow || step == stop)
                {
                    using (NewDisposeScope())
                    {
                        lastLoss = runningLoss.cpu().item<float>() / windowSteps;
                        runningLoss.zero_(); // In-place ops return a new handle: keep it inside the scope.
                    }

                    windowSteps = 0;
                    progress?.Invoke(ScalarRace.Retry(() => Snapshot(step, total, perEpoch, lastLoss, optimizer, budget, evalNow ? lastEval : null)));
                }

                if (checkpointRoot is not null && options.CheckpointEvery > 0 && (step % options.CheckpointEvery == 0 || step == stop))
                {
                    using var span = BLoRAActivities.StartCheckpoint(step);
                    using var scope = NewDisposeScope();
                    var state = new CheckpointState(CheckpointState.CurrentFormat, config, options, step, total, budget?.Multiplier ?? 0, new Dictionary<string, string>());
                    var folder = Checkpoint.Save(checkpointRoot, model.Root, Blora, optimizer, state, options.KeepCheckpoints);
                    checkpointWritten?.Invoke(folder, step);
                }

                if (endOfEpoch)
                {
                    epochSpan?.Dispose();
                    epochSpan = null;
                }
            }
        }
        catch (Exception e) when (epochSpan is not null && e is not OperationCanceledException)
        {
            BLoRAActivities.Fail(epochSpan, e);
            throw;
        }
        finally
        {
            epochSpan?.Dispose();
        }

        lastEval ??= ScalarRace.Retry(Evaluate);
        var repairs = 0;
        if (step == total && config.BopBudget is { } limit)
        {
            // Closing gates until the budget holds can be resumed from wherever a failed attempt stopped.
            repairs = ScalarRace.Retry(() => BudgetRepair.Enforce(Blora, limit));
            if (repairs > 0)
            {
                lastEval = ScalarRace.Retry(Evaluate);
            }
        }

        var report = ScalarRace.Retry(() => Blora.Report(model.Attention, options.MaxLength));
        var met = config.BopBudget is not { } cap || report.AdapterRelative <= cap;
        return new TrainingResult(lastEval, task.PrimaryMetric, report, met, repairs, step, stopwatch.Elapsed.TotalSeconds, lastLoss);
    }

    /// <summary>Metrics of the current model on the evaluation set (eval mode, deterministic gates).</summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        using var span = BLoRAActivities.StartEvaluate(task.Eval.Count, options.Device);
        var predicted = new List<double>(task.Eval.Count);
        model.Root.eval();
        using (no_grad())
        {
            for (var start = 0; start < task.Eval.Count; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var examples = task.Eval.Skip(start).Take(options.BatchSize).ToList();
                var batch = Batch.Collate(examples, device, model.PadTokenId, task.IsRegression);
                var logits = model.Forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds).to(float32);
                var values = task.IsRegression ? logits.squeeze(-1) : logits.argmax(-1).to(float32);
                predicted.AddRange(values.cpu().data<float>().ToArray().Select(v => (double)v));
            }
        }

        model.Root.train();
        var metrics = ComputeMetrics(predicted, task.Eval.Select(e => (double)e.Label).ToList());
        BLoRAActivities.SetEvaluation(span, metrics);
        return metrics;
    }

    private Dictionary<string, double> ComputeMetrics(List<double> predicted, List<double> labels)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        var p = predicted.Select(v => (int)v).ToList();
        var l = labels.Select(v => (int)v).ToList();
        foreach (var name in task.MetricNames)
        {
            result[name] = name switch
            {
                Metrics.Accuracy => Metrics.ComputeAccuracy(p, l),
                Metrics.F1 => Metrics.ComputeF1(p, l, task.NumLabels),
                Metrics.Matthews => Metrics.ComputeMatthews(p, l, task.NumLabels),
                Metrics.Pearson => Metrics.ComputePearson(predicted, labels),
                Metrics.Spearman => Metrics.ComputeSpearman(predicted, labels),
                _ => throw new InvalidOperationException($"task {task.Name}: unknown metric '{name}'."),
            };
        }

        return result;
    }

    private Tensor TaskLoss(Tensor logits, Tensor labels) =>
        task.IsRegression
            ? nn.functional.mse_loss(logits.to(float32).squeeze(-1), labels)
            : nn.functional.cross_entropy(logits.to(float32), labels);

    /// <summary>Global-norm clipping on the device (no .item(): no host sync).</summary>
    private static void ClipGradients(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        if (maxNorm <= 0)
        {
            return;
        }

        var grads = parameters.Where(p => p.grad is not null).Select(p => p.grad!).ToList();
        if (grads.Count == 0)
        {
            return;
        }

        using var noGrad = no_grad();
        var norm = stack(grads.Select(g => g.to(float32).pow(2).sum()).ToList()).sum().sqrt();
        var coefficient = (maxNorm / (norm + 1e-6)).clamp_max(1.0);
        foreach (var g in grads)
        {
            g.mul_(coefficient.to(g.dtype));
        }
    }

    /// <summary>The example order of an epoch: a permutation seeded by (seed, epoch), so a resume sees the same batches.</summary>
    private int[] EpochOrder(int epoch)
    {
        var order = Enumerable.Range(0, task.Train.Count).ToArray();
        new Random(HashCode.Combine(options.Seed, epoch) ^ (int)options.Seed).Shuffle(order);
        return order;
    }

    private TrainingProgress Snapshot(int step, int total, int perEpoch, double loss, OptimizerHelper optimizer, BopBudgetController? budget, IReadOnlyDictionary<string, double>? eval)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var bits = Blora.MeanExpectedBits().cpu().item<float>();
        var rank = Blora.MeanExpectedRank().cpu().item<float>();
        var bops = Blora.ExpectedRelativeBops().cpu().item<float>();
        var lr = ((optim.Optimizer)optimizer).ParamGroups.First().LearningRate;
        return new TrainingProgress(step, total, ((step - 1) / perEpoch) + 1, loss, bits, rank, bops, lr, budget?.Multiplier ?? 0, eval);
    }

    private static bool SameConfig(BayesianLoraConfig a, BayesianLoraConfig b) =>
        a with { TargetModules = [], Bits = [] } == b with { TargetModules = [], Bits = [] }
        && a.TargetModules.SequenceEqual(b.TargetModules) && a.Bits.SequenceEqual(b.Bits);
}
