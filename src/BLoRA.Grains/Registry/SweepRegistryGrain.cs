using System.Collections.Immutable;
using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Placement;

namespace BLoRA.Grains.Registry;

/// <summary>Keeps the list of sweeps durable in the cluster's grain storage.</summary>
[CoordinatorPlacementFilter]
public sealed class SweepRegistryGrain(
    [PersistentState("registry", GrainStorageNames.Sweeps)] IPersistentState<SweepRegistryState> state) : Grain, ISweepRegistryGrain
{
    public async Task RegisterAsync(SweepEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (state.State.Sweeps.Any(s => s.SweepId == entry.SweepId))
        {
            return;
        }

        state.State.Sweeps = state.State.Sweeps.Add(entry);
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<SweepEntry>> ListAsync() => Task.FromResult(state.State.Sweeps);
}
