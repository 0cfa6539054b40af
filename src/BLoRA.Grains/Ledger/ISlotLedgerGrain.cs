using System.Collections.Immutable;

namespace BLoRA.Grains.Ledger;

/// <summary>
/// The cluster's slot ledger (one, key 0): which trial holds how many slots of which worker silo.
/// It plans placement (the worker with the most free slots) for every sweep; each silo's execution
/// host enforces the hard limit. Kept in memory: the sweeps, which own their leases durably,
/// re-assert them with <see cref="SyncAsync"/> after a restart.
/// </summary>
[Alias("blora.ISlotLedgerGrain")]
public interface ISlotLedgerGrain : IGrainWithIntegerKey
{
    /// <summary>Leases up to one placement per trial id, <paramref name="slotsEach"/> slots each, in order.</summary>
    [Alias("Acquire")]
    Task<LedgerGrant> AcquireAsync(string sweepId, ImmutableArray<string> trialIds, int slotsEach);

    [Alias("Release")]
    Task ReleaseAsync(ImmutableArray<string> trialIds);

    /// <summary>
    /// <see cref="ReleaseAsync"/> of <paramref name="release"/>, then <see cref="AcquireAsync"/> of
    /// <paramref name="trialIds"/>, in one call (a sweep's admission after a batch of reports).
    /// </summary>
    [Alias("Exchange")]
    Task<LedgerGrant> ExchangeAsync(string sweepId, ImmutableArray<string> release, ImmutableArray<string> trialIds, int slotsEach);

    /// <summary>Replaces the sweep's leases with <paramref name="held"/>; leases on silos that are gone come back as lost.</summary>
    [Alias("Sync")]
    Task<LedgerSync> SyncAsync(string sweepId, ImmutableArray<SlotLease> held);

    [Alias("GetPool")]
    Task<WorkerPoolStatus> GetPoolAsync();
}
