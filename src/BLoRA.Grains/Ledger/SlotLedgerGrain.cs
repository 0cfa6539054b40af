using System.Collections.Immutable;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Placement;
using BLoRA.Sweeps.Admission;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace BLoRA.Grains.Ledger;

/// <inheritdoc cref="ISlotLedgerGrain"/>
[CoordinatorPlacementFilter]
public sealed class SlotLedgerGrain(IClusterMembershipService membership, ISiloMetadataCache metadata) : Grain, ISlotLedgerGrain
{
    private readonly Dictionary<string, (string SweepId, SlotLease Lease)> leases = new(StringComparer.Ordinal);

    public Task<LedgerGrant> AcquireAsync(string sweepId, ImmutableArray<string> trialIds, int slotsEach)
    {
        var workers = Workers();
        var granted = ImmutableArray.CreateBuilder<SlotLease>();
        var fresh = new List<string>();
        foreach (var id in trialIds)
        {
            // Idempotent: a trial that already holds a lease on a live worker keeps it.
            if (leases.TryGetValue(id, out var held) && workers.ContainsKey(held.Lease.Silo))
            {
                granted.Add(held.Lease);
            }
            else
            {
                leases.Remove(id);
                fresh.Add(id);
            }
        }

        var capacities = workers.Select(w => new WorkerCapacity<SiloAddress>(w.Key, w.Value, UsedOn(w.Key))).ToList();
        var placements = SlotPlanner.Place(capacities, fresh.Count, slotsEach);
        for (var i = 0; i < placements.Count; i++)
        {
            var lease = new SlotLease(fresh[i], placements[i], slotsEach);
            leases[lease.TrialId] = (sweepId, lease);
            granted.Add(lease);
        }

        return Task.FromResult(new LedgerGrant(granted.ToImmutable(), Pool(workers)));
    }

    public Task ReleaseAsync(ImmutableArray<string> trialIds)
    {
        foreach (var id in trialIds)
        {
            leases.Remove(id);
        }

        return Task.CompletedTask;
    }

    public async Task<LedgerGrant> ExchangeAsync(string sweepId, ImmutableArray<string> release, ImmutableArray<string> trialIds, int slotsEach)
    {
        await ReleaseAsync(release);
        return await AcquireAsync(sweepId, trialIds, slotsEach);
    }

    public Task<LedgerSync> SyncAsync(string sweepId, ImmutableArray<SlotLease> held)
    {
        var workers = Workers();
        foreach (var stale in leases.Where(l => l.Value.SweepId == sweepId).Select(l => l.Key).ToList())
        {
            leases.Remove(stale);
        }

        var lost = ImmutableArray.CreateBuilder<string>();
        foreach (var lease in held)
        {
            if (workers.ContainsKey(lease.Silo))
            {
                leases[lease.TrialId] = (sweepId, lease);
            }
            else
            {
                lost.Add(lease.TrialId);
            }
        }

        return Task.FromResult(new LedgerSync(lost.ToImmutable(), Pool(workers)));
    }

    public Task<WorkerPoolStatus> GetPoolAsync() => Task.FromResult(Pool(Workers()));

    /// <summary>Active silos that advertise worker slots, with their slot counts, in a stable order.</summary>
    private SortedDictionary<SiloAddress, int> Workers()
    {
        var workers = new SortedDictionary<SiloAddress, int>();
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active && WorkerMetadata.Slots(metadata.GetSiloMetadata(member.SiloAddress)) is > 0 and var slots)
            {
                workers[member.SiloAddress] = slots;
            }
        }

        return workers;
    }

    private int UsedOn(SiloAddress silo) => leases.Values.Where(l => l.Lease.Silo.Equals(silo)).Sum(l => l.Lease.Slots);

    private WorkerPoolStatus Pool(SortedDictionary<SiloAddress, int> workers) =>
        new([.. workers.Select(w => new WorkerSiloStatus(w.Key, w.Value, UsedOn(w.Key)))]);
}
