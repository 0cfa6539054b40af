using System.Diagnostics;
using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Models;
using BLoRA.Training.Training;
using static TorchSharp.torch;

namespace BLoRA.Training.Benchmarks;

/// <summary>
/// Wall time of one training step (forward, backward, clip, AdamW) for plain LoRA (gates off) and
/// B-LoRA with the same rank, targets, model and batch: median over measured steps after warmup.
/// </summary>
internal static class StepCostBenchmark
{
    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        var model = args.Get("model", "embedded:minilm");
        var batch = args.Int("batch", 8);
        var length = args.Int("length", 64);
        var steps = args.Int("steps", 20);
        var warmup = args.Int("warmup", 3);
        var device = args.Get("device", "cpu");
        Console.WriteLine($"# step cost: {model}, batch {batch}, length {length}, rank 8, targets query/key/value, {steps} steps after {warmup} warmup, device {device}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| adapter | median ms/step | p90 ms/step | samples/s |");
        Console.WriteLine("|---|---|---|---|");
        var lora = Measure(model, new BayesianLoraConfig { GatesEnabled = false }, batch, length, steps, warmup, device);
        var blora = Measure(model, new BayesianLoraConfig(), batch, length, steps, warmup, device);
        Print("LoRA (gates off)", lora, batch);
        Print("B-LoRA", blora, batch);
        Console.WriteLine($"B-LoRA / LoRA step time: {Median(blora) / Median(lora):0.000}x");
        return 0;
    }

    private static void Print(string name, List<double> ms, int batch) =>
        Console.WriteLine($"| {name} | {Median(ms):0.0} | {Percentile(ms, 0.9):0.0} | {batch * 1000 / Median(ms):0.0} |");

    private static List<double> Measure(string modelRef, BayesianLoraConfig config, int batchSize, int length, int steps, int warmup, string device)
    {
        using var pretrained = PretrainedModels.Load(ModelReference.Parse(modelRef), CPU);
        using var model = pretrained.CreateClassifier(2);
        var random = new Random(1);
        var examples = Enumerable.Range(0, batchSize)
            .Select(_ => new TokenizedExample(Enumerable.Range(0, length).Select(_ => random.Next(1000, 20000)).ToArray(), new int[length], random.Next(2)))
            .ToList();
        var task = new TrainingTask("bench", 2, Metrics.Accuracy, [Metrics.Accuracy], examples, examples);
        var options = new TrainerOptions { Epochs = 1_000, MaxSteps = warmup + steps, BatchSize = batchSize, LogEvery = 1_000_000, EvalEvery = 1_000_000, Device = device, MaxLength = length };
        var trainer = new BLoRATrainer(model, task, config, options);
        var times = new List<double>();
        var stopwatch = Stopwatch.StartNew();
        var last = 0.0;
        trainer.Train(stepCompleted: _ =>
        {
            var now = stopwatch.Elapsed.TotalMilliseconds;
            times.Add(now - last);
            last = now;
        });
        return times.Skip(warmup).ToList();
    }

    private static double Median(List<double> xs) => Percentile(xs, 0.5);

    private static double Percentile(List<double> xs, double p)
    {
        var sorted = xs.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
    }
}
