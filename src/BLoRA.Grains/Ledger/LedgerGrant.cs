using System.Collections.Immutable;

namespace BLoRA.Grains.Ledger;

/// <summary>The leases granted (possibly fewer than asked) and the pool after granting.</summary>
[GenerateSerializer, Immutable, Alias("blora.LedgerGrant")]
public sealed record LedgerGrant([property: Id(0)] ImmutableArray<SlotLease> Granted, [property: Id(1)] WorkerPoolStatus Pool);
