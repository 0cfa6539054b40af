using System.Collections.Immutable;

namespace BLoRA.Grains.Ledger;

/// <summary>The cluster's worker silos as the ledger sees them: slots and leased slots per silo.</summary>
[GenerateSerializer, Immutable, Alias("blora.WorkerPoolStatus")]
public sealed record WorkerPoolStatus(
    [property: Id(0)] ImmutableArray<WorkerSiloStatus> Workers)
{
    public int TotalSlots => Workers.Sum(w => w.Slots);

    public int UsedSlots => Workers.Sum(w => w.Used);

    public bool HasWorkers => !Workers.IsDefaultOrEmpty;
}
