namespace BLoRA.Abstractions;

/// <summary>
/// The port a worker silo binds to its trainer (the B-LoRA runner; a fake in tests). It is called
/// off the grain scheduler by the silo's trial execution host, on a thread-pool thread, once per
/// attempt: train <see cref="TrialRun.Spec"/> (from <see cref="TrialRun.ResumeCheckpoint"/> when set),
/// report progress and checkpoints through the progress sink, and return the outcome.
/// </summary>
/// <remarks>
/// Cancellation (sweep cancelled, trial stopped early, silo shutting down) is signalled through
/// the cancellation token: return <see cref="TrialOutcome.Cancelled"/> or throw
/// <see cref="OperationCanceledException"/>. Any other exception counts as a failed attempt.
/// </remarks>
public interface ITrialRunner
{
    Task<TrialOutcome> RunAsync(TrialRun run, ITrialProgressSink progress, CancellationToken cancellationToken);
}
