using Orleans.Placement;

namespace BLoRA.Grains.Placement;

/// <summary>Places the grain only on worker silos; with none in the cluster, activation fails (no compatible silo).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class WorkerPlacementFilterAttribute : PlacementFilterAttribute
{
    public WorkerPlacementFilterAttribute()
        : base(new WorkerPlacementFilterStrategy())
    {
    }
}
