using BLoRA.Abstractions;
using BLoRA.Grains.Sweeps;

namespace BLoRA.Grains.Tests.Sweeps;

public sealed class TrialIndexTests
{
    [Fact]
    public void Counts_follow_every_state_change_and_pending_trials_come_out_in_grid_order()
    {
        var records = Enumerable.Range(0, 6).Select(i => new TrialRecord { TrialId = $"t{i}", Index = i }).ToList();
        records[4].State = TrialState.Completed;
        var index = new TrialIndex();
        index.Rebuild(records);

        Assert.Equal((6, 5, 0, 1), (index.Total, index.Pending, index.Running, index.Final));
        Assert.Equal(["t0", "t1", "t2"], index.TakePending(3).Select(t => t.TrialId));

        index.Set(records[0], TrialState.Running);
        index.Set(records[2], TrialState.Running);
        Assert.Equal(["t1", "t3", "t5"], index.TakePending(10).Select(t => t.TrialId));
        Assert.Equal((3, 2), (index.Pending, index.Running));

        index.Set(records[0], TrialState.Pending);
        index.Set(records[2], TrialState.Failed);
        index.Set(records[1], TrialState.Stopped);
        Assert.Equal(TrialState.Failed, records[2].State);
        Assert.Equal(["t0", "t3"], index.TakePending(2).Select(t => t.TrialId));
        Assert.Equal((3, 0, 3), (index.Pending, index.Running, index.Final));
        Assert.Equal(1, index.Count(TrialState.Stopped));
        Assert.Empty(index.TakePending(0));
    }

    [Fact]
    public void Setting_the_same_state_twice_counts_once()
    {
        var record = new TrialRecord { TrialId = "t0", Index = 0 };
        var index = new TrialIndex();
        index.Rebuild([record]);

        index.Set(record, TrialState.Completed);
        index.Set(record, TrialState.Completed);

        Assert.Equal((0, 1), (index.Pending, index.Count(TrialState.Completed)));
    }
}
