using System.Collections.Immutable;
using Orleans.Concurrency;

namespace BLoRA.Abstractions;

/// <summary>
/// One sweep, keyed by its sweep id: expands the grid into trials, admits them as worker slots free up,
/// tracks every trial, keeps the Pareto frontier current, and survives a coordinator restart.
/// </summary>
[Alias("blora.ISweepGrain")]
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>
    /// Submits <paramref name="spec"/> under this grain's sweep id. Idempotent: the same spec again
    /// returns <see cref="SubmitOutcome.AlreadySubmitted"/>; a different one, <see cref="SubmitOutcome.Conflict"/>;
    /// an invalid one, <see cref="SubmitOutcome.Invalid"/> with every problem.
    /// </summary>
    [Alias("Submit")]
    Task<SubmitResult> SubmitAsync(SweepSpec spec);

    /// <summary>
    /// The sweep at a glance. Answers from memory even while the sweep waits on grain storage (it
    /// interleaves with a turn blocked on a write), so the status stays available in a storage outage.
    /// </summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<SweepStatus> GetStatusAsync();

    /// <summary>
    /// A long poll: returns the status as soon as its <see cref="SweepStatus.Version"/> differs from
    /// <paramref name="knownVersion"/>, or after <paramref name="maxWait"/> (at most 10 s) if nothing
    /// changed. Watchers see each change as it happens instead of at their next poll.
    /// </summary>
    [AlwaysInterleave]
    [Alias("WaitForChange")]
    Task<SweepStatus> WaitForChangeAsync(long knownVersion, TimeSpan maxWait);

    /// <summary>Every trial, in grid order (answers while the sweep waits on storage, as <see cref="GetStatusAsync"/>).</summary>
    [Alias("GetTrials"), AlwaysInterleave]
    Task<ImmutableArray<TrialSummary>> GetTrialsAsync();

    [Alias("GetFront"), AlwaysInterleave]
    Task<ParetoFront> GetFrontAsync();

    /// <summary>Stops every trial, recording <paramref name="reason"/>; idempotent.</summary>
    [Alias("Cancel")]
    Task<SweepStatus> CancelAsync(string reason);

    /// <summary>Called by worker silos when a trial's attempt has ended (durably recorded by its trial grain).</summary>
    [Alias("ReportTrialEnded")]
    Task ReportTrialEndedAsync(TrialStatus status);

    /// <summary>
    /// <see cref="ReportTrialEndedAsync"/> for several trials at once (worker silos coalesce the reports
    /// that arrive while an earlier call is in flight): the sweep folds them all, then admits once.
    /// </summary>
    [Alias("ReportTrialsEnded")]
    Task ReportTrialsEndedAsync(ImmutableArray<TrialStatus> statuses);

    /// <summary>Called by worker silos with evaluated progress; the answer applies early stopping.</summary>
    [Alias("ReportProgress")]
    Task<ProgressDecision> ReportProgressAsync(string trialId, TrialProgress progress);
}
