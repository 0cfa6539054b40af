using System.Collections.Concurrent;
using Orleans.Storage;

namespace BLoRA.Grains.Tests.Infrastructure;

/// <summary>
/// Grain storage with faults a test arms for one grain at a time: the next write lands but its answer is lost
/// (the caller keeps its old ETag and gets an exception), or the next read waits until the test lets it go.
/// Shared by every silo of a cluster.
/// </summary>
public sealed class ScriptedStorage
{
    private readonly ConcurrentDictionary<GrainId, bool> loseWriteAnswer = new();
    private readonly ConcurrentDictionary<GrainId, (TaskCompletionSource Started, Task Release)> holdRead = new();

    /// <summary>Wraps <paramref name="inner"/> for one silo.</summary>
    public IGrainStorage Wrap(IGrainStorage inner) => new Storage(inner, this);

    /// <summary>The next write of <paramref name="grain"/> is stored, but its caller hears that it failed.</summary>
    public void LoseNextWriteAnswer(GrainId grain) => loseWriteAnswer[grain] = true;

    /// <summary>
    /// The next read of <paramref name="grain"/> waits for <paramref name="release"/>; the returned task completes
    /// when that read has begun.
    /// </summary>
    public Task HoldNextRead(GrainId grain, Task release)
    {
        ArgumentNullException.ThrowIfNull(release);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        holdRead[grain] = (started, release);
        return started.Task;
    }

    private sealed class Storage(IGrainStorage inner, ScriptedStorage script) : IGrainStorage
    {
        public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (script.holdRead.TryRemove(grainId, out var hold))
            {
                hold.Started.TrySetResult();
                await hold.Release;
            }

            await inner.ReadStateAsync(stateName, grainId, grainState);
        }

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var (etag, exists) = (grainState.ETag, grainState.RecordExists);
            await inner.WriteStateAsync(stateName, grainId, grainState);
            if (script.loseWriteAnswer.TryRemove(grainId, out _))
            {
                (grainState.ETag, grainState.RecordExists) = (etag, exists);
                throw new TimeoutException($"the storage took the write of {grainId} but its answer was lost (test)");
            }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
    }
}
