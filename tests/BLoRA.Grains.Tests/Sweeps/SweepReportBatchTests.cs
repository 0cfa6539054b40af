using BLoRA.Abstractions;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;

namespace BLoRA.Grains.Tests.Sweeps;

[Collection(SharedClusterDefinition.Name)]
[Trait("Category", "Cluster")]
public sealed class SweepReportBatchTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task A_batch_of_repeated_and_stale_reports_changes_nothing_once_the_trials_are_final()
    {
        const string id = "batch-reports";
        fixture.Journal.Plans[id] = _ => new FakePlan(3, TimeSpan.FromMilliseconds(10));
        var sweep = fixture.Client.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(Specs.Grid("batch", priors: 3, budgets: 2, seeds: 1));
        var before = await Eventually.WaitAsync(sweep.GetStatusAsync, s => s.IsFinished, "the sweep to finish");
        var trials = await sweep.GetTrialsAsync();
        var statuses = await Task.WhenAll(trials.Select(t => fixture.Client.GetGrain<ITrialGrain>(t.TrialId).GetStatusAsync()));
        var stale = statuses[0] with { State = TrialState.Failed, Result = null, Reason = "a late duplicate" };

        await sweep.ReportTrialsEndedAsync([.. statuses, .. statuses, stale]);
        var after = await sweep.GetStatusAsync();

        Assert.Equal((SweepState.Completed, 6), (before.State, before.Completed));
        Assert.Equal((after.State, after.Completed, after.Failed, after.Pending), (SweepState.Completed, 6, 0, 0));
        Assert.Equal(trials.Select(t => (t.TrialId, t.State, t.Attempts)), (await sweep.GetTrialsAsync()).Select(t => (t.TrialId, t.State, t.Attempts)));
        Assert.Equal(6, fixture.Journal.Runs(id).Count);
    }
}
