using System.Collections.Concurrent;
using BLoRA.Abstractions;
using BLoRA.Runner;
using Microsoft.Extensions.DependencyInjection;

namespace BLoRA.Cli.Tests.Sweeps;

/// <summary>
/// The real B-LoRA runner, except that once a trial's first checkpoint is recorded its training waits at
/// its next progress report until the run is cancelled (its silo stopping): the trials of a silo bound
/// with this runner cannot finish there, however fast they train.
/// </summary>
internal sealed class HoldingTrialRunner(ITrialRunner inner) : ITrialRunner
{
    private readonly ConcurrentDictionary<string, bool> held = new(StringComparer.Ordinal);

    /// <summary>Trials held after a recorded checkpoint.</summary>
    public int Held => held.Count;

    /// <summary>Binds this runner around the silo's B-LoRA runner.</summary>
    public static Action<IServiceCollection> Bind(Action<HoldingTrialRunner> created) => services =>
        services.AddSingleton<ITrialRunner>(sp =>
        {
            var runner = new HoldingTrialRunner(ActivatorUtilities.CreateInstance<BLoRATrialRunner>(sp));
            created(runner);
            return runner;
        });

    public Task<TrialOutcome> RunAsync(TrialRun run, ITrialProgressSink progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return inner.RunAsync(run, new Sink(progress, this, run.Spec.TrialId), cancellationToken);
    }

    private sealed class Sink(ITrialProgressSink inner, HoldingTrialRunner owner, string trialId) : ITrialProgressSink
    {
        private bool checkpointed;

        public async ValueTask ReportAsync(TrialProgress progress, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(progress);

            // A checkpoint report returns once the trial grain has recorded it.
            await inner.ReportAsync(progress, cancellationToken);
            if (progress.Checkpoint is not null)
            {
                checkpointed = true;
            }
            else if (checkpointed && cancellationToken.CanBeCanceled)
            {
                owner.held[trialId] = true;
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
    }
}
