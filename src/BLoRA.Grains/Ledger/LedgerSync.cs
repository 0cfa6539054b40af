using System.Collections.Immutable;

namespace BLoRA.Grains.Ledger;

/// <summary>After a sync: the trials whose leased silo is no longer active (to be placed again), and the pool.</summary>
[GenerateSerializer, Immutable, Alias("blora.LedgerSync")]
public sealed record LedgerSync([property: Id(0)] ImmutableArray<string> Lost, [property: Id(1)] WorkerPoolStatus Pool);
