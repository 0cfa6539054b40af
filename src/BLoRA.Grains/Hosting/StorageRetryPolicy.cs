namespace BLoRA.Grains.Hosting;

/// <summary>
/// How a silo's grain-storage and reminder clients (Azure SDK client options) retry one failed call:
/// briefly, so that a write to unavailable storage fails within about a second. The grains retry on
/// their own, with backoff (a sweep writes again every pass, a worker retries a trial's outcome), and
/// a grain waiting on storage answers nothing else; the SDK's default (6 tries, about 27 s against a
/// refused connection) would hold a sweep past the 30-s call timeout on every write.
/// </summary>
public static class StorageRetryPolicy
{
    /// <summary>Retries after the first try.</summary>
    public const int MaxRetries = 2;

    /// <summary>First delay between tries (exponential).</summary>
    public static TimeSpan Delay { get; } = TimeSpan.FromMilliseconds(250);

    public static TimeSpan MaxDelay { get; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one try may wait for the network (a black-holed connection, not a refused one).</summary>
    public static TimeSpan NetworkTimeout { get; } = TimeSpan.FromSeconds(8);
}
