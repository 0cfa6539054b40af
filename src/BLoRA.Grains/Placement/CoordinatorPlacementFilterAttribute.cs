using Orleans.Placement;

namespace BLoRA.Grains.Placement;

/// <summary>Places the grain on a coordinator silo when there is one (sweeps and the slot ledger).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CoordinatorPlacementFilterAttribute : PlacementFilterAttribute
{
    public CoordinatorPlacementFilterAttribute()
        : base(new CoordinatorPlacementFilterStrategy())
    {
    }
}
