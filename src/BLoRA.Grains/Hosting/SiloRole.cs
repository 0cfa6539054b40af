namespace BLoRA.Grains.Hosting;

/// <summary>What a silo does in the sweep cluster.</summary>
public enum SiloRole
{
    /// <summary>Hosts sweeps and the slot ledger; runs no trials.</summary>
    Coordinator = 0,
    /// <summary>Runs trials in its worker slots.</summary>
    Worker = 1,
    /// <summary>Both, for development on one machine.</summary>
    Dev = 2,
}
