using BLoRA.Abstractions;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;
using BLoRA.Sweeps.Pareto;

namespace BLoRA.Grains.Tests.Sweeps;

[Collection(SharedClusterDefinition.Name)]
[Trait("Category", "Cluster")]
public sealed class SweepLifecycleTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task A_grid_completes_on_workers_only_and_its_frontier_equals_the_one_computed_from_the_results()
    {
        const string id = "grid-completes";
        fixture.Journal.Plans[id] = _ => new FakePlan(5, TimeSpan.FromMilliseconds(15));
        var sweep = fixture.Client.GetGrain<ISweepGrain>(id);

        var submitted = await sweep.SubmitAsync(Specs.Grid("grid", priors: 3, budgets: 3, seeds: 2));
        var status = await WaitFinishedAsync(sweep);

        Assert.Equal(SubmitOutcome.Created, submitted.Outcome);
        Assert.Equal(18, submitted.Trials);
        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(18, status.Completed);
        var runs = fixture.Journal.Runs(id);
        Assert.Equal(18, runs.Count);
        Assert.All(runs, r => Assert.NotEqual(fixture.Coordinator, r.Silo));
        Assert.Equal(2, runs.Select(r => r.Silo).Distinct().Count());
        Assert.Equal(0, fixture.Journal.Overlaps);

        var trials = await sweep.GetTrialsAsync();
        Assert.All(trials, t => Assert.Equal(1, fixture.Journal.Completions(t.TrialId)));
        var expected = ParetoFrontier.Compute(trials, t => new Objectives(t.Result!.PrimaryMetric, t.Result.Bops.AdapterRelative));
        var front = await sweep.GetFrontAsync();
        Assert.Equal(expected.Select(t => t.TrialId).Order(), front.Points.Select(p => p.TrialId).Order());
        Assert.Equal(
            ParetoFrontier.Hypervolume(trials.Select(t => new Objectives(t.Result!.PrimaryMetric, t.Result.Bops.AdapterRelative)), new Objectives(0, 1)),
            front.Hypervolume,
            12);
        Assert.Equal("accuracy", front.MetricName);
        Assert.True(front.Hypervolume > 0);
    }

    [Fact]
    public async Task Worker_slots_are_never_oversubscribed_and_concurrency_stays_within_the_sweep_limit()
    {
        const string id = "slots";
        fixture.Journal.Plans[id] = _ => new FakePlan(6, TimeSpan.FromMilliseconds(25));
        var sweep = fixture.Client.GetGrain<ISweepGrain>(id);

        // Two-slot trials on two-slot workers: at most one per worker at a time.
        await sweep.SubmitAsync(Specs.Grid("slots", priors: 4, budgets: 1, seeds: 2, maxConcurrent: 8, slots: 2));
        var status = await WaitFinishedAsync(sweep);

        Assert.Equal(8, status.Completed);
        Assert.All(fixture.Journal.MaxSlotsBySilo(), s => Assert.True(s.Value <= TestClusters.WorkerSlots, $"{s.Key} had {s.Value} slots in use"));
        Assert.All(fixture.Journal.Runs(id), r => Assert.NotEqual(fixture.Coordinator, r.Silo));
    }

    [Fact]
    public async Task Submit_is_idempotent_by_sweep_id_and_a_different_spec_under_the_same_id_is_a_conflict()
    {
        const string id = "idempotent";
        var sweep = fixture.Client.GetGrain<ISweepGrain>(id);
        var spec = Specs.Grid("idem", priors: 2, budgets: 1, seeds: 1);

        var first = await sweep.SubmitAsync(spec);
        var again = await sweep.SubmitAsync(Specs.Grid("idem", priors: 2, budgets: 1, seeds: 1));
        var other = await sweep.SubmitAsync(spec with { MaxRetries = 5 });
        await WaitFinishedAsync(sweep);

        Assert.Equal(SubmitOutcome.Created, first.Outcome);
        Assert.Equal(SubmitOutcome.AlreadySubmitted, again.Outcome);
        Assert.Equal(first.Trials, again.Trials);
        Assert.Equal(SubmitOutcome.Conflict, other.Outcome);
        Assert.False(other.Accepted);
        Assert.Contains("different spec", other.Message, StringComparison.Ordinal);
        Assert.Equal(2, fixture.Journal.Runs(id).Count);
    }

    [Fact]
    public async Task An_invalid_spec_is_refused_with_every_problem_and_creates_nothing()
    {
        var sweep = fixture.Client.GetGrain<ISweepGrain>("invalid");
        var spec = Specs.Grid("bad", 1, 1, 1) with
        {
            GpuSlotsPerTrial = 0,
            Grid = new SweepGrid { PriorStrength = [1.0, 0.0, -2.0], Seeds = [] },
        };

        var result = await sweep.SubmitAsync(spec);
        var status = await sweep.GetStatusAsync();

        Assert.Equal(SubmitOutcome.Invalid, result.Outcome);
        var paths = result.Problems.Select(p => p.Path).ToList();
        Assert.Contains("grid.priorStrength[1]", paths);
        Assert.Contains("grid.priorStrength[2]", paths);
        Assert.Contains("grid.seeds", paths);
        Assert.Contains("gpuSlotsPerTrial", paths);
        Assert.Equal(SweepState.NotSubmitted, status.State);

        var huge = await fixture.Client.GetGrain<ISweepGrain>("huge").SubmitAsync(Specs.Grid("huge", 100, 100, 100));
        Assert.Equal(SubmitOutcome.Invalid, huge.Outcome);
        Assert.Contains(huge.Problems, p => p.Path == "grid" && p.Message.Contains("1,000,000 trials", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancel_stops_every_trial_and_records_why()
    {
        const string id = "cancel";
        fixture.Journal.Plans[id] = _ => new FakePlan(10_000, TimeSpan.FromMilliseconds(20));
        var sweep = fixture.Client.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(Specs.Grid("cancel", priors: 3, budgets: 2, seeds: 1, maxConcurrent: 3));
        await Eventually.WaitAsync(() => Task.FromResult(fixture.Journal.ActiveRuns(id)), n => n == 3, "three trials running");

        var status = await sweep.CancelAsync("operator asked");

        Assert.Equal(SweepState.Cancelled, status.State);
        Assert.Equal(6, status.Stopped);
        var trials = await sweep.GetTrialsAsync();
        Assert.All(trials, t => Assert.Contains("operator asked", t.Reason, StringComparison.Ordinal));
        Assert.Equal(3, trials.Count(t => t.Reason!.StartsWith("sweep cancelled:", StringComparison.Ordinal)));
        await Eventually.WaitAsync(() => Task.FromResult(fixture.Journal.ActiveRuns(id)), n => n == 0, "every run to stop");
        foreach (var t in trials.Where(t => t.Attempts > 0))
        {
            var trial = await fixture.Client.GetGrain<ITrialGrain>(t.TrialId).GetStatusAsync();
            Assert.Equal(TrialState.Stopped, trial.State);
            Assert.Contains("operator asked", trial.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(SweepState.Cancelled, (await sweep.CancelAsync("again")).State);
    }

    [Fact]
    public async Task A_failing_trial_is_retried_up_to_max_retries_then_marked_failed()
    {
        const string id = "retries";
        fixture.Journal.Plans[id] = spec => new FakePlan(2, TimeSpan.FromMilliseconds(10), FailAttempts: spec.Index switch { 0 => 99, 1 => 1, _ => 0 });
        var sweep = fixture.Client.GetGrain<ISweepGrain>(id);

        await sweep.SubmitAsync(Specs.Grid("retries", priors: 3, budgets: 1, seeds: 1) with { MaxRetries = 2 });
        var status = await WaitFinishedAsync(sweep);
        var trials = await sweep.GetTrialsAsync();

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal((1, 2), (status.Failed, status.Completed));
        Assert.Equal(TrialState.Failed, trials[0].State);
        Assert.Equal(3, trials[0].Attempts);
        Assert.Contains("planned failure", trials[0].Reason, StringComparison.Ordinal);
        Assert.Equal((TrialState.Completed, 2), (trials[1].State, trials[1].Attempts));
        Assert.Equal((TrialState.Completed, 1), (trials[2].State, trials[2].Attempts));
    }

    [Fact]
    public async Task A_trial_that_throws_or_runs_out_of_memory_is_failed_with_the_reason_retried_up_to_the_limit_and_the_sweep_goes_on()
    {
        const string id = "throws";
        // Trial 0 always runs out of host memory, trial 1 hits a CUDA out-of-memory error (as TorchSharp
        // reports it) on its first attempt only, trial 2 always crashes; the other three are healthy.
#pragma warning disable CA2201 // Deliberately the runtime's own exception types, as a real runner would throw them.
        fixture.Journal.Plans[id] = spec => new FakePlan(3, TimeSpan.FromMilliseconds(10), Throw: attempt => spec.Index switch
        {
            0 => new OutOfMemoryException("Insufficient memory to continue the execution of the program."),
            1 when attempt == 1 => new System.Runtime.InteropServices.ExternalException("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity)"),
            2 => new InvalidOperationException("the runner crashed"),
            _ => null,
        });
#pragma warning restore CA2201
        var sweep = fixture.Client.GetGrain<ISweepGrain>(id);

        await sweep.SubmitAsync(Specs.Grid("throws", priors: 6, budgets: 1, seeds: 1, maxConcurrent: 4) with { MaxRetries = 1 });
        var status = await WaitFinishedAsync(sweep);
        var trials = await sweep.GetTrialsAsync();

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal((2, 4), (status.Failed, status.Completed));
        Assert.Equal((TrialState.Failed, 2), (trials[0].State, trials[0].Attempts));
        Assert.Contains("failed after 2 attempt(s)", trials[0].Reason, StringComparison.Ordinal);
        Assert.Contains("OutOfMemoryException: Insufficient memory", trials[0].Reason, StringComparison.Ordinal);
        Assert.Equal((TrialState.Completed, 2), (trials[1].State, trials[1].Attempts));
        Assert.Equal((TrialState.Failed, 2), (trials[2].State, trials[2].Attempts));
        Assert.Contains("InvalidOperationException: the runner crashed", trials[2].Reason, StringComparison.Ordinal);
        Assert.All(trials.Skip(3), t => Assert.Equal((TrialState.Completed, 1), (t.State, t.Attempts)));
        var runs = fixture.Journal.Runs(id);
        Assert.Equal(2 + 2 + 2 + 3, runs.Count);
        var cudaRun = Assert.Single(runs, r => r.TrialId == trials[1].TrialId && r.Attempt == 1);
        Assert.Equal("threw", cudaRun.Ending);
        // The trial grain's own record holds the reason of the failed attempt it retried after.
        var failedAttempt = await fixture.Client.GetGrain<ITrialGrain>(trials[0].TrialId).GetStatusAsync();
        Assert.Contains("attempt 2 failed: OutOfMemoryException", failedAttempt.Reason, StringComparison.Ordinal);
        Assert.All(trials.Where(t => t.State == TrialState.Completed), t => Assert.Equal(1, fixture.Journal.Completions(t.TrialId)));
        Assert.Equal(0, fixture.Journal.Overlaps);
    }

    [Fact]
    public async Task Asha_stops_weak_trials_early_and_keeps_the_frontier()
    {
        const string id = "asha";
        fixture.Journal.Plans[id] = _ => new FakePlan(40, TimeSpan.FromMilliseconds(5), EvalEvery: 10);
        var sweep = fixture.Client.GetGrain<ISweepGrain>(id);
        var spec = Specs.Grid("asha", priors: 4, budgets: 1, seeds: 3, maxConcurrent: 4) with
        {
            EarlyStopping = EarlyStoppingPolicy.Asha with { GraceSteps = 10, ReductionFactor = 2, MetricTolerance = 0, BopsTolerance = 0 },
        };

        await sweep.SubmitAsync(spec);
        var status = await WaitFinishedAsync(sweep);
        var trials = await sweep.GetTrialsAsync();

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(12, status.Completed + status.Stopped);
        Assert.True(status.Stopped > 0, "ASHA stopped no trial");
        Assert.All(trials.Where(t => t.State == TrialState.Stopped), t => Assert.Contains("ASHA", t.Reason, StringComparison.Ordinal));
        Assert.All((await sweep.GetFrontAsync()).Points, p => Assert.Equal(TrialState.Completed, trials.Single(t => t.TrialId == p.TrialId).State));
    }

    [Fact]
    public async Task A_long_poll_answers_each_change_with_a_new_version_and_a_quiet_sweep_with_the_same_one()
    {
        const string id = "long-poll";
        fixture.Journal.Plans[id] = _ => new FakePlan(4, TimeSpan.FromMilliseconds(20));
        var sweep = fixture.Client.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(Specs.Grid("poll", priors: 2, budgets: 2, seeds: 1, maxConcurrent: 1));

        // Followed through long polls alone: every answer that differs carries a new version, and the
        // versions only grow, until the sweep finishes.
        var seen = new List<SweepStatus> { await sweep.GetStatusAsync() };
        while (!seen[^1].IsFinished)
        {
            var next = await sweep.WaitForChangeAsync(seen[^1].Version, TimeSpan.FromSeconds(5));
            Assert.True(next.Version >= seen[^1].Version, $"version went back from {seen[^1].Version} to {next.Version}");
            if (next with { Version = 0, Front = null } != seen[^1] with { Version = 0, Front = null })
            {
                Assert.NotEqual(seen[^1].Version, next.Version);
            }

            seen.Add(next);
        }

        Assert.Equal(4, seen[^1].Completed);
        Assert.Contains(seen, s => s.Running == 1 && s.Completed is > 0 and < 4);

        // Nothing changes in a finished sweep: the poll answers with the version it was given.
        var quiet = await sweep.WaitForChangeAsync(seen[^1].Version, TimeSpan.FromMilliseconds(200));
        Assert.Equal(seen[^1].Version, quiet.Version);
        Assert.Equal(seen[^1] with { Front = null }, quiet with { Front = null });

        // A stale version is answered at once with the current status.
        Assert.Equal(seen[^1].Version, (await sweep.WaitForChangeAsync(seen[^1].Version - 1, TimeSpan.FromSeconds(5))).Version);
    }

    private static Task<SweepStatus> WaitFinishedAsync(ISweepGrain sweep) =>
        Eventually.WaitAsync(sweep.GetStatusAsync, s => s.IsFinished, "the sweep to finish");
}
