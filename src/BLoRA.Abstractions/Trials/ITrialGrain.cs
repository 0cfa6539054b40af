namespace BLoRA.Abstractions;

/// <summary>
/// One trial, keyed by its trial id, activated only on worker silos. Starts its work in the silo's
/// execution host and returns at once; persists progress and checkpoints; resumes from its last
/// checkpoint when the silo running it died. Every method is idempotent.
/// </summary>
[Alias("blora.ITrialGrain")]
public interface ITrialGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts a new attempt unless one is running or the trial is done. When this silo has no free
    /// slot the answer is <see cref="TrialState.Pending"/> with the reason, and the activation leaves
    /// so the next call can be placed elsewhere.
    /// </summary>
    [Alias("Start")]
    Task<TrialStatus> StartAsync(TrialSpec spec);

    /// <summary>Recovery: if recorded as running but nothing runs it (its silo died), resume from the last checkpoint here.</summary>
    [Alias("EnsureRunning")]
    Task<TrialStatus> EnsureRunningAsync();

    [Alias("Cancel")]
    Task<TrialStatus> CancelAsync(string reason);

    [Alias("GetStatus")]
    Task<TrialStatus> GetStatusAsync();

    /// <summary>From the local execution host: progress of execution <paramref name="executionId"/>.</summary>
    [Alias("OnProgress")]
    Task<bool> OnProgressAsync(Guid executionId, TrialProgress progress);

    /// <summary>From the local execution host: execution <paramref name="executionId"/> ended.</summary>
    [Alias("OnRunEnded")]
    Task<TrialStatus> OnRunEndedAsync(Guid executionId, TrialOutcome outcome);
}
