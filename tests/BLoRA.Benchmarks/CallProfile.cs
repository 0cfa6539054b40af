using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BLoRA.Benchmarks;

/// <summary>
/// Counts grain calls per interface method on every silo, with the time each spent (from the
/// callee's turn start to its end, awaits included), for <c>--profile</c> runs.
/// </summary>
internal sealed class CallProfile : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public bool Enabled { get; set; }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enabled)
        {
            await context.Invoke();
            return;
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            await context.Invoke();
        }
        finally
        {
            var entry = entries.GetOrAdd($"{context.InterfaceName}.{context.MethodName}", _ => new Entry());
            Interlocked.Increment(ref entry.Calls);
            Interlocked.Add(ref entry.Ticks, Stopwatch.GetTimestamp() - start);
        }
    }

    public void Clear() => entries.Clear();

    public string Report(int trials)
    {
        var text = new StringBuilder();
        text.AppendLine("calls per trial (callee side), mean ms per call:");
        foreach (var (name, e) in entries.OrderByDescending(e => e.Value.Calls))
        {
            var ms = Stopwatch.GetElapsedTime(0, e.Ticks).TotalMilliseconds;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {e.Calls / (double)trials,8:F3}  {ms / Math.Max(1, e.Calls),8:F3} ms  {name}"));
        }

        return text.ToString();
    }

    private sealed class Entry
    {
#pragma warning disable CA1051 // Interlocked counters.
        public long Calls;
        public long Ticks;
#pragma warning restore CA1051
    }
}
