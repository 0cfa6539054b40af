using System.Collections.Immutable;
using BLoRA.Abstractions;
using BLoRA.Storage;
using BLoRA.Training.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
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

    private BLoRATrialRunner Runner() =>
        new(store, cache, Options.Create(new RunnerOptions { ScratchDirectory = Path.Combine(root, "scratch") }), NullLogger<BLoRATrialRunner>.Instance);

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
