using BLoRA.Abstractions;

namespace BLoRA.Cli.Sweeps;

/// <summary>Submitting a sweep: the sweep grain (idempotent by id), then the registry that `sweep list` reads.</summary>
internal static class SweepSubmission
{
    public static async Task<SubmitResult> SubmitAsync(IClusterClient client, string sweepId, SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(client);
        var result = await client.GetGrain<ISweepGrain>(sweepId).SubmitAsync(spec);
        if (result.Outcome is SubmitOutcome.Created or SubmitOutcome.AlreadySubmitted)
        {
            await client.GetGrain<ISweepRegistryGrain>(0).RegisterAsync(new SweepEntry(sweepId, spec.Name, DateTimeOffset.UtcNow));
        }

        return result;
    }
}
