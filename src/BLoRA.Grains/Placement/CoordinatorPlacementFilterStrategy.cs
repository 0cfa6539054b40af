using Orleans.Placement;

namespace BLoRA.Grains.Placement;

/// <summary>Prefers coordinator (or dev) silos; any silo when there is none.</summary>
public sealed class CoordinatorPlacementFilterStrategy : PlacementFilterStrategy
{
    public CoordinatorPlacementFilterStrategy()
        : base(order: 0)
    {
    }
}
