using Microsoft.Extensions.Logging;

namespace BLoRA.Grains.Execution;

/// <summary>Retries an idempotent grain call whose outcome is unknown (silo died, timeout), with backoff.</summary>
internal static partial class GrainCallRetry
{
    private const int Attempts = 12;

    /// <summary>The call's answer, or null when it gave up or <paramref name="stopping"/> was signalled.</summary>
    public static async Task<T?> RunAsync<T>(ILogger logger, string what, string subject, Func<Task<T>> call, CancellationToken stopping)
        where T : class
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Unknown outcome (silo died, timeout): the calls are idempotent, so retry.
            catch (Exception ex) when (attempt < Attempts)
#pragma warning restore CA1031
            {
                LogRetry(logger, what, subject, attempt, ex.Message);
                try
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
#pragma warning disable CA1031
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogGaveUp(logger, what, subject, ex);
                return null;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {What} for trial {TrialId} (attempt {Attempt}): {Error}; retrying")]
    private static partial void LogRetry(ILogger logger, string what, string trialId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up trying to {What} for trial {TrialId}; the sweep's reconciliation will pick it up")]
    private static partial void LogGaveUp(ILogger logger, string what, string trialId, Exception error);
}
