using System.Globalization;

namespace BLoRA.Benchmarks;

internal sealed record BenchSettings(int Silos, int Trials, int TrialMs, int SlotsPerWorker, int Concurrency, bool NoReminders, bool Profile, bool TiedResults, int Warmup, bool Telemetry, int Sweeps = 1)
{
    public int Workers => Silos == 1 ? 1 : Silos - 1;

    public static BenchSettings Parse(string[] args)
    {
        int Int(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var silos = Int("--silos", 3);
        if (silos is not (1 or 3))
        {
            throw new ArgumentException("--silos must be 1 (one dev silo) or 3 (a coordinator and two workers)");
        }

        var sweeps = Int("--sweeps", 1);
        if (sweeps < 1)
        {
            throw new ArgumentException("--sweeps must be 1 or more");
        }

        return new BenchSettings(silos, Int("--trials", sweeps > 1 ? 50 : 1000), Int("--trial-ms", 0), Int("--slots", 64), Int("--concurrency", 0), args.Contains("--no-reminders"), args.Contains("--profile"), args.Contains("--tied-results"), Int("--warmup", 2000), args.Contains("--telemetry"), sweeps);
    }
}
