namespace BLoRA.Abstractions;

/// <summary>
/// Where a runner reports progress. A report carrying a checkpoint is persisted by the trial grain
/// before this returns; plain progress may be coalesced. Reports are cheap to skip: do not report
/// more often than the trainer logs.
/// </summary>
public interface ITrialProgressSink
{
    ValueTask ReportAsync(TrialProgress progress, CancellationToken cancellationToken);
}
