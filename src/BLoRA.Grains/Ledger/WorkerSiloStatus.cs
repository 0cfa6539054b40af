namespace BLoRA.Grains.Ledger;

[GenerateSerializer, Immutable, Alias("blora.WorkerSiloStatus")]
public sealed record WorkerSiloStatus([property: Id(0)] SiloAddress Silo, [property: Id(1)] int Slots, [property: Id(2)] int Used);
