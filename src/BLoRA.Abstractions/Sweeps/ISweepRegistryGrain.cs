using System.Collections.Immutable;

namespace BLoRA.Abstractions;

/// <summary>The cluster's list of submitted sweeps (one grain, key 0), for `blora sweep list`.</summary>
[Alias("blora.ISweepRegistryGrain")]
public interface ISweepRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Records a sweep; idempotent.</summary>
    [Alias("Register")]
    Task RegisterAsync(SweepEntry entry);

    /// <summary>Every registered sweep, oldest first.</summary>
    [Alias("List")]
    Task<ImmutableArray<SweepEntry>> ListAsync();
}
