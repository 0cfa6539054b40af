namespace BLoRA.Abstractions;

[GenerateSerializer, Alias("blora.SweepState")]
public enum SweepState
{
    /// <summary>No sweep was submitted under this id.</summary>
    NotSubmitted = 0,
    Running = 1,
    /// <summary>Trials are waiting and no silo in the cluster advertises worker slots.</summary>
    WaitingForWorkers = 2,
    /// <summary>Every trial completed, failed after its retries, or was stopped early.</summary>
    Completed = 3,
    /// <summary>Cancelled; every trial stopped and recorded why.</summary>
    Cancelled = 4,
}
