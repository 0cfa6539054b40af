using System.Collections.Concurrent;
using BLoRA.Abstractions;
using BLoRA.Runner;
using Microsoft.Extensions.DependencyInjection;

namespace BLoRA.Cli.Tests.Sweeps;

/// <summary>
/// The real B-LoRA runner, except that the trials of a sweep a test has gated wait before they train until
/// the test opens the gate (they are running as far as the cluster can tell). Other sweeps run as usual.
/// </summary>
internal sealed class GatedTrialRunner(ITrialRunner inner) : ITrialRunner
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new(StringComparer.Ordinal);

    /// <summary>Binds this runner around the silo's B-LoRA runner.</summary>
    public static void Bind(IServiceCollection services) =>
        services.AddSingleton<ITrialRunner>(sp => new GatedTrialRunner(ActivatorUtilities.CreateInstance<BLoRATrialRunner>(sp)));

    /// <summary>Gates the trials of <paramref name="sweepId"/>: they train once the returned source is set.</summary>
    public TaskCompletionSource Gate(string sweepId) =>
        gates.GetOrAdd(sweepId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async Task<TrialOutcome> RunAsync(TrialRun run, ITrialProgressSink progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (gates.TryGetValue(run.Spec.SweepId, out var gate))
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return await inner.RunAsync(run, progress, cancellationToken);
    }
}
