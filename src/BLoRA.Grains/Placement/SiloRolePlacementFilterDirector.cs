using BLoRA.Grains.Hosting;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace BLoRA.Grains.Placement;

/// <summary>
/// Filters placement candidates by the silo metadata of <see cref="WorkerMetadata"/>: workers only for
/// <see cref="WorkerPlacementFilterStrategy"/>; coordinators if any for <see cref="CoordinatorPlacementFilterStrategy"/>.
/// </summary>
public sealed class SiloRolePlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        switch (filterStrategy)
        {
            case WorkerPlacementFilterStrategy:
                return silos.Where(s => WorkerMetadata.Slots(metadata.GetSiloMetadata(s)) > 0).ToList();
            case CoordinatorPlacementFilterStrategy:
                var all = silos.ToList();
                var coordinators = all.Where(s => WorkerMetadata.IsCoordinator(metadata.GetSiloMetadata(s))).ToList();
                return coordinators.Count > 0 ? coordinators : all;
            default:
                return silos;
        }
    }
}
