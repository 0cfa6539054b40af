using System.Collections.Concurrent;
using BLoRA.Grains.Sweeps;
using BLoRA.Grains.Trials;
using Orleans.Storage;

namespace BLoRA.Grains.Tests.Infrastructure;

/// <summary>
/// Grain storage whose writes sometimes land but report a failure, as when storage goes away after
/// taking a write and before answering: the write is stored, the caller keeps its old ETag and gets an
/// exception. Which writes: the first of each phase of each trial's record (its start, its first
/// checkpoint, its end) and of the sweep's record (its first with a completed trial, its finish).
/// Shared by every silo of a cluster.
/// </summary>
public sealed class LostResponseStorage
{
    private readonly ConcurrentDictionary<(GrainId Grain, string Phase), bool> lost = new();

    /// <summary>The (grain, phase) pairs whose write response was lost.</summary>
    public IReadOnlyCollection<string> Lost => [.. lost.Keys.Select(k => $"{k.Grain.Key}:{k.Phase}")];

    /// <summary>Wraps <paramref name="inner"/> for one silo.</summary>
    public IGrainStorage Wrap(IGrainStorage inner) => new Storage(inner, this);

    private bool LoseResponse(GrainId grain, object? state)
    {
        var phase = state switch
        {
            TrialGrainState { State: Abstractions.TrialState.Running, LastProgress: null } => "start",
            TrialGrainState { State: Abstractions.TrialState.Running, Checkpoint: not null } => "checkpoint",
            TrialGrainState { State: Abstractions.TrialState.Completed } => "end",
            SweepGrainState { State: Abstractions.SweepState.Completed } => "finish",
            SweepGrainState s when s.Trials.Any(t => t.State == Abstractions.TrialState.Completed) => "progress",
            _ => null,
        };
        return phase is not null && lost.TryAdd((grain, phase), true);
    }

    private sealed class Storage(IGrainStorage inner, LostResponseStorage policy) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var (etag, exists) = (grainState.ETag, grainState.RecordExists);
            await inner.WriteStateAsync(stateName, grainId, grainState);
            if (policy.LoseResponse(grainId, grainState.State))
            {
                // Stored, but the caller never hears so: it keeps what it had.
                (grainState.ETag, grainState.RecordExists) = (etag, exists);
                throw new TimeoutException($"the storage took the write of {grainId} but its answer was lost (test)");
            }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
    }
}
