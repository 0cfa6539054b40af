using System.Collections.Immutable;
using BLoRA.Abstractions;
using BLoRA.Storage;
using BLoRA.Training.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BLoRA.Runner.Tests;

/// <summary>The real runner through the cluster's port: progress, checkpoints in the store, resume, cancellation, artifacts.</summary>
public sealed class BLoRATrialRunnerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("blora-runner-").FullName;
    private readonly LocalArtifactStore store;
    private readonly TrialResourceCache cache = new();

    public BLoRATrialRunnerTests()
    {
        TorchRuntime.EnsureInitialized();
        store = new LocalArtifactStore(Path.Combine(root, "store"));
    }

    public void Dispose()
    {
        cache.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private readonly ListLogger log = new();

    private BLoRATrialRunner Runner() =>
        new(store, cache, Options.Create(new RunnerOptions { ScratchDirectory = Path.Combine(root, "scratch") }), log);

    private static TrialSpec Spec(string trialId, int maxSteps, double? budget = 0.4, params (string Key, string Value)[] extra)
    {
        var options = new Dictionary<string, string>
        {
            ["maxTrainExamples"] = "64",
            ["maxEvalExamples"] = "32",
            ["maxSteps"] = maxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["epochs"] = "1000",
            ["batchSize"] = "16",
            ["checkpointEvery"] = "5",
            ["logEvery"] = "5",
        };
        foreach (var (k, v) in extra)
        {
            options[k] = v;
        }

        return new TrialSpec("sw", trialId, 0, ImmutableDictionary<string, string>.Empty.Add("priorStrength", "1"), "tiny", "synthetic", 1, budget, 3,
            options.ToImmutableDictionary(StringComparer.Ordinal), 1);
    }

    [Fact]
    public async Task A_trial_reports_progress_and_checkpoints_and_stores_its_adapter_and_result()
    {
        var sink = new RecordingSink();
        var outcome = await Runner().RunAsync(new TrialRun(Spec("sw.t00000", 20), 1, null), sink, CancellationToken.None);

        Assert.Equal(TrialOutcomeKind.Completed, outcome.Kind);
        var result = outcome.Result!;
        Assert.Equal(20, result.Steps);
        Assert.True(result.BudgetMet);
        Assert.True(result.Bops.AdapterRelative <= 0.4);
        Assert.Equal("accuracy", result.PrimaryMetricName);
        Assert.Equal(6, result.RanksPerModule.Count);
        Assert.Equal(18, result.BitsPerTensor.Count);
        // Every logging window (5 steps) and every evaluation (end of each 4-step epoch) is reported, in order.
        var steps = sink.Reports.Where(r => r.Checkpoint is null).Select(r => r.Step).ToList();
        Assert.Equal([4L, 5, 8, 10, 12, 15, 16, 20], steps);
        Assert.Contains(sink.Reports, r => r.PrimaryMetric is not null);
        var checkpoints = sink.Reports.Where(r => r.Checkpoint is not null).Select(r => r.Checkpoint!).ToList();
        Assert.Equal(4, checkpoints.Count);
        // Only the newest two stay in the store.
        var stored = await store.ListAsync("sweeps/sw/trials/sw.t00000/checkpoints/").Select(a => a.Key).ToListAsync();
        Assert.Equal(checkpoints.TakeLast(2), stored);
        Assert.NotNull(await store.OpenReadAsync(result.Artifacts["adapter"]));
        Assert.NotNull(await store.OpenReadAsync(result.Artifacts["result"]));
    }

    [Fact]
    public async Task A_cancelled_trial_checkpoints_first_and_a_later_attempt_resumes_from_it()
    {
        using var cancel = new CancellationTokenSource();
        var sink = new RecordingSink(p =>
        {
            if (p.Step >= 10 && p.Checkpoint is null)
            {
                cancel.Cancel();
            }
        });
        var first = await Runner().RunAsync(new TrialRun(Spec("sw.t00001", 30), 1, null), sink, cancel.Token);
        Assert.Equal(TrialOutcomeKind.Cancelled, first.Kind);
        var last = sink.Reports.Last(r => r.Checkpoint is not null);
        Assert.InRange(last.Step, 10, 11);

        var resumed = new RecordingSink();
        var second = await Runner().RunAsync(new TrialRun(Spec("sw.t00001", 30), 2, last.Checkpoint), resumed, CancellationToken.None);
        Assert.Equal(TrialOutcomeKind.Completed, second.Kind);
        Assert.Equal(30, second.Result!.Steps);
        Assert.True(resumed.Reports.Min(r => r.Step) > last.Step, "the second attempt started over instead of resuming");
    }

    [Fact]
    public async Task A_corrupt_checkpoint_in_the_store_falls_back_to_the_previous_one_and_none_usable_restarts_from_step_0_saying_so()
    {
        // A first attempt stops at step 12 or 13 (cancelled: it checkpoints first), leaving the newest two in the store.
        using var cancel = new CancellationTokenSource();
        var first = new RecordingSink(p =>
        {
            if (p.Step >= 12 && p.Checkpoint is null)
            {
                cancel.Cancel();
            }
        });
        await Runner().RunAsync(new TrialRun(Spec("sw.t00004", 30), 1, null), first, cancel.Token);
        var prefix = "sweeps/sw/trials/sw.t00004/checkpoints/";
        var stored = await store.ListAsync(prefix).Select(a => a.Key).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.EndsWith("step-000000010.ckpt", stored[0], StringComparison.Ordinal);
        var recorded = first.Reports.Last(r => r.Checkpoint is not null).Checkpoint!;
        Assert.Equal(stored[1], recorded);

        // The newest (the one the trial recorded) gets a flipped byte in the middle: the attempt resumes from step 10.
        var newest = Path.Combine(root, "store", recorded);
        var bytes = await File.ReadAllBytesAsync(newest);
        bytes[bytes.Length / 2] ^= 0x55;
        await File.WriteAllBytesAsync(newest, bytes);
        var second = new RecordingSink();
        var resumed = await Runner().RunAsync(new TrialRun(Spec("sw.t00004", 30), 2, recorded), second, CancellationToken.None);

        Assert.Equal(TrialOutcomeKind.Completed, resumed.Kind);
        Assert.Equal(30, resumed.Result!.Steps);
        Assert.InRange(second.Reports.Min(r => r.Step), 11, 15);
        var fallback = Assert.Single(log.Warnings);
        Assert.Contains($"checkpoint {recorded} was recorded; resuming from step-000000010 (step 10) (1 newer checkpoint(s) unusable: {recorded}:", fallback, StringComparison.Ordinal);

        // Every checkpoint truncated (the second attempt left steps 25 and 30): a third attempt starts from step 0, and says so.
        stored = await store.ListAsync(prefix).Select(a => a.Key).ToListAsync();
        foreach (var key in stored)
        {
            var path = Path.Combine(root, "store", key);
            await File.WriteAllBytesAsync(path, (await File.ReadAllBytesAsync(path))[..700]);
        }

        var third = new RecordingSink();
        var restarted = await Runner().RunAsync(new TrialRun(Spec("sw.t00004", 30), 3, stored[^1]), third, CancellationToken.None);

        Assert.Equal(TrialOutcomeKind.Completed, restarted.Kind);
        Assert.Equal(30, restarted.Result!.Steps);
        Assert.InRange(third.Reports.Min(r => r.Step), 1, 5);
        Assert.Equal(2, log.Warnings.Count);
        Assert.Contains("no usable checkpoint (2 newer checkpoint(s) unusable:", log.Warnings[1], StringComparison.Ordinal);
        Assert.EndsWith(": starting from step 0", log.Warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_options_fail_the_attempt_with_every_problem_named()
    {
        var outcome = Runner().RunAsync(new TrialRun(Spec("sw.t00002", 5, null, ("rank", "zero"), ("warpFactor", "9"), ("batchSize", "0")), 1, null), new RecordingSink(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<TrialSpecException>(() => outcome);
        Assert.Contains("options.rank: 'zero' is not an integer", error.Message, StringComparison.Ordinal);
        Assert.Contains("options.warpFactor: not a trainer option", error.Message, StringComparison.Ordinal);
        Assert.Contains("options.batchSize:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_is_read_once_per_silo_and_each_trial_gets_its_own_copy()
    {
        var definition = TrialSpecMapping.ToDefinition(Spec("sw.t00003", 5) with { ModelRef = "embedded:minilm" }, "cpu");
        var (a, taskA) = cache.Prepare(definition);
        var (b, taskB) = cache.Prepare(definition);
        using (a)
        using (b)
        {
            Assert.Equal(1, cache.ModelLoads);
            Assert.Equal(1, cache.TaskBuilds);
            Assert.Same(taskA, taskB);
            Assert.NotSame(a.Root, b.Root);
            var wa = a.Root.named_parameters().First(p => p.name.EndsWith("query.weight", StringComparison.Ordinal)).parameter;
            var wb = b.Root.named_parameters().First(p => p.name.EndsWith("query.weight", StringComparison.Ordinal)).parameter;
            Assert.True(wa.allclose(wb, 0, 0));
            using (TorchSharp.torch.no_grad())
            {
                wa.add_(1);
            }

            Assert.False(wa.allclose(wb, 0, 0));
        }
    }

    private sealed class ListLogger : ILogger<BLoRATrialRunner>
    {
        private readonly List<string> warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (warnings)
                {
                    return [.. warnings];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (logLevel >= LogLevel.Warning)
            {
                lock (warnings)
                {
                    warnings.Add(formatter(state, exception));
                }
            }
        }
    }

    private sealed class RecordingSink(Action<TrialProgress>? onReport = null) : ITrialProgressSink
    {
        public List<TrialProgress> Reports { get; } = [];

        public ValueTask ReportAsync(TrialProgress progress, CancellationToken cancellationToken)
        {
            lock (Reports)
            {
                Reports.Add(progress);
            }

            onReport?.Invoke(progress);
            return ValueTask.CompletedTask;
        }
    }
}
