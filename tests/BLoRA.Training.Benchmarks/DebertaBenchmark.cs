using System.Diagnostics;
using System.Globalization;
using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Models;
using BLoRA.Training.Training;
using static TorchSharp.torch;

namespace BLoRA.Training.Benchmarks;

/// <summary>
/// B-LoRA training throughput on a DeBERTa-v3-base-shaped model (random init: hidden 768, 12 layers,
/// 12 heads, FFN 3072, vocab 128100, 256 position buckets, c2p + p2c): samples/s of full training
/// steps (forward, backward, clip, AdamW) with the default targets (query_proj, key_proj,
/// value_proj, rank 8), per batch size and precision; median over measured steps after warmup.
/// <c>--adapters blora,lora</c> adds plain LoRA (gates off), the counterpart of the PyTorch baseline
/// (<c>pytorch/deberta_lora_bench.py</c>).
/// </summary>
internal static class DebertaBenchmark
{
    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        var batches = args.Get("batch", "32,128").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToList();
        var precisions = args.Get("precision", "fp32,bf16").Split(',').Select(p => Enum.Parse<Precision>(p, ignoreCase: true)).ToList();
        var length = args.Int("length", 128);
        var steps = args.Int("steps", 3);
        var warmup = args.Int("warmup", 2);
        var device = args.Get("device", "cpu");
        var adapters = args.Get("adapters", "blora").Split(',');
        Console.WriteLine($"# B-LoRA on DeBERTa-v3-base shape (random init), length {length}, rank 8, targets query_proj/key_proj/value_proj, " +
            $"{steps} measured steps after {warmup} warmup, device {device}, {Environment.ProcessorCount} cores, torch threads {get_num_threads()}");
        Console.WriteLine("| adapter | batch | precision | median s/step | samples/s | median CPU s/step | process peak RSS GB (so far) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var batch in batches)
        {
            foreach (var precision in precisions)
            {
                foreach (var adapter in adapters)
                {
                    var config = adapter switch
                    {
                        "blora" => new BayesianLoraConfig(),
                        "lora" => new BayesianLoraConfig { GatesEnabled = false },
                        _ => throw new ArgumentException($"--adapters: '{adapter}' is neither blora nor lora"),
                    };
                    var (seconds, cpu) = Measure(config, batch, length, precision, steps, warmup, device);
                    var median = seconds.Order().ElementAt(seconds.Count / 2);
                    var cpuMedian = cpu.Order().ElementAt(cpu.Count / 2);
                    using var process = Process.GetCurrentProcess();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {(adapter == "lora" ? "LoRA (gates off)" : "B-LoRA")} | {batch} | {precision.ToString().ToLowerInvariant()} | {median:0.00} | {batch / median:0.00} | {cpuMedian:0.00} | {process.PeakWorkingSet64 / 1e9:0.0} |"));
                }
            }
        }

        return 0;
    }

    /// <summary>Wall and process CPU seconds of each measured step (CPU time is steadier on a shared machine).</summary>
    private static (List<double> Wall, List<double> Cpu) Measure(BayesianLoraConfig config, int batchSize, int length, Precision precision, int steps, int warmup, string device)
    {
        manual_seed(1);
        using var model = new DebertaSequenceClassifier(new DebertaModel(DebertaConfig.V3Base), new ClassifierHeadOptions(2));
        var random = new Random(1);
        var examples = Enumerable.Range(0, batchSize)
            .Select(_ => new TokenizedExample(Enumerable.Range(0, length).Select(_ => random.Next(4, 128000)).ToArray(), new int[length], random.Next(2)))
            .ToList();
        var task = new TrainingTask("bench", 2, Metrics.Accuracy, [Metrics.Accuracy], examples, examples);
        var options = new TrainerOptions
        {
            Epochs = 1_000, MaxSteps = warmup + steps, BatchSize = batchSize, LogEvery = 1_000_000, EvalEvery = 1_000_000,
            Device = device, MaxLength = length, Precision = precision,
        };
        var trainer = new BLoRATrainer(model, task, config, options);
        var times = new List<double>();
        var cpuTimes = new List<double>();
        using var self = Process.GetCurrentProcess();
        var stopwatch = Stopwatch.StartNew();
        var last = 0.0;
        var lastCpu = self.TotalProcessorTime.TotalSeconds;
        // Evaluation after the last step is not timed: only step-to-step intervals are kept.
        var result = trainer.Train(stepCompleted: _ =>
        {
            var now = stopwatch.Elapsed.TotalSeconds;
            times.Add(now - last);
            last = now;
            self.Refresh();
            var cpuNow = self.TotalProcessorTime.TotalSeconds;
            cpuTimes.Add(cpuNow - lastCpu);
            lastCpu = cpuNow;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  batch {batchSize} {precision}: step {times.Count} {times[^1]:0.0} s"));
        });
        if (!double.IsFinite(result.FinalLoss))
        {
            // A non-finite loss is a broken run, not a figure (bf16 overflow would show here first).
            throw new InvalidOperationException($"batch {batchSize} {precision}: the loss is {result.FinalLoss} after {result.Steps} steps");
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  batch {batchSize} {precision}: final loss {result.FinalLoss:0.0000} (finite)"));
        return (times.Skip(warmup).ToList(), cpuTimes.Skip(warmup).ToList());
    }
}
