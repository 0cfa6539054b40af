namespace BLoRA.Grains.Ledger;

/// <summary>A trial's hold on worker slots of one silo.</summary>
[GenerateSerializer, Immutable, Alias("blora.SlotLease")]
public sealed record SlotLease([property: Id(0)] string TrialId, [property: Id(1)] SiloAddress Silo, [property: Id(2)] int Slots);
