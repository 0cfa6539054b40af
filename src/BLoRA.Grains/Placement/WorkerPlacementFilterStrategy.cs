using Orleans.Placement;

namespace BLoRA.Grains.Placement;

/// <summary>Only silos that advertise worker slots (<see cref="Hosting.WorkerMetadata"/>) may host the grain.</summary>
public sealed class WorkerPlacementFilterStrategy : PlacementFilterStrategy
{
    public WorkerPlacementFilterStrategy()
        : base(order: 0)
    {
    }
}
