using BLoRA.Sweeps.Admission;
using FsCheck.Xunit;

namespace BLoRA.Sweeps.Tests.Admission;

[Trait("Category", "Unit")]
public sealed class SlotPlannerTests
{
    [Fact]
    public void Trials_go_to_the_worker_with_the_most_free_slots()
    {
        var workers = new[] { new WorkerCapacity<string>("a", 4, 3), new WorkerCapacity<string>("b", 4, 0), new WorkerCapacity<string>("c", 2, 0) };

        Assert.Equal(["b", "b", "b", "c", "a"], SlotPlanner.Place(workers, 5, 1));
        Assert.Equal(["b", "b", "c"], SlotPlanner.Place(workers, 9, 2).Order());
        Assert.Empty(SlotPlanner.Place(workers, 3, 5));
    }

    [Fact]
    public void Admission_respects_the_concurrency_limit()
    {
        Assert.Equal(3, SlotPlanner.Admissible(pending: 10, running: 5, maxConcurrent: 8));
        Assert.Equal(0, SlotPlanner.Admissible(pending: 10, running: 9, maxConcurrent: 8));
        Assert.Equal(2, SlotPlanner.Admissible(pending: 2, running: 0, maxConcurrent: 8));
    }

    [Property(MaxTest = 300)]
    public bool No_worker_is_ever_given_more_than_it_has_free(byte[] slots, byte trials, byte slotsEach)
    {
        var workers = slots.Select((s, i) => new WorkerCapacity<int>(i, s % 9, (s / 9) % 5)).ToList();
        var each = (slotsEach % 4) + 1;
        var placed = SlotPlanner.Place(workers, trials % 40, each);
        return workers.All(w => placed.Count(p => p == w.Worker) * each <= w.Free) &&
            (placed.Count == trials % 40 || workers.All(w => w.Free - (placed.Count(p => p == w.Worker) * each) < each));
    }
}
