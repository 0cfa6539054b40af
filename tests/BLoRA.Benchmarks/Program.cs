using System.Globalization;
using BLoRA.Benchmarks;

// Measured runs of the sweep cluster (not a test): see docs/benchmarks.md for the commands and figures.
//   --silos 1|3  --trials N  --trial-ms D  --slots S (per worker)  --concurrency C (sweep limit; 0 = all slots)  --no-reminders  --profile (grain calls per trial)  --tied-results (every trial the same result)  --warmup N (no-op trials per warm-up round)  --telemetry (all spans and metrics observed, as with OTLP export on)
//   --sweeps S: the load run, S sweeps of N trials (default 50) submitted at once (concurrency default 8 per sweep)
var settings = BenchSettings.Parse(args);
if (settings.Sweeps > 1)
{
    Console.WriteLine(LoadBench.Report(await LoadBench.RunAsync(settings)));
    return;
}

var result = await ClusterBench.RunAsync(settings);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    silos={settings.Silos} workers={settings.Workers} slots/worker={settings.SlotsPerWorker} concurrency={result.Concurrency} trials={settings.Trials} trial={settings.TrialMs} ms reminders={!settings.NoReminders} tied-results={settings.TiedResults} telemetry={settings.Telemetry}
    makespan            {result.Seconds:F2} s
    throughput          {settings.Trials / result.Seconds:F0} trials/s (dispatched and completed)
    gap between runs    p50 {result.GapP50Ms:F2} ms, p99 {result.GapP99Ms:F2} ms (per slot: previous run ended -> next run started)
    cpu (all silos)     {result.CpuSeconds:F2} s, {1000 * result.CpuSeconds / settings.Trials:F3} ms per trial
    breakdown           {result.Breakdown}
    ideal makespan      {result.IdealSeconds:F2} s; overhead {result.OverheadPercent:F2} %
    """));
if (result.Profile is { } profile)
{
    Console.WriteLine(profile);
}
