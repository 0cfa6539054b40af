namespace BLoRA.Grains.Tests.Infrastructure;

/// <summary>Polls a condition until it holds; the limit only bounds a hung test, it asserts no timing.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int limitSeconds = 120)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow.AddSeconds(limitSeconds);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting after {limitSeconds} s for {what}; last seen: {last}");
            }

            await Task.Delay(100);
        }
    }
}
