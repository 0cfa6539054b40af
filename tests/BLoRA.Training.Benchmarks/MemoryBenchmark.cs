using BLoRA.Training.Data;
using BLoRA.Training.Models;
using BLoRA.Training.Training;
using TorchSharp;

namespace BLoRA.Training.Benchmarks;

/// <summary>Resident memory and live tensors over thousands of B-LoRA steps: both must stay flat.</summary>
internal static class MemoryBenchmark
{
    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        var steps = args.Int("steps", 3000);
        var every = args.Int("every", 500);
        var task = SyntheticTask.Create(512, 128, 1);
        using var model = new TinyEncoderClassifier(SyntheticTask.VocabSize, 64, 2, 2, 1);
        var options = new TrainerOptions { Epochs = 10_000, MaxSteps = steps, BatchSize = 32, LogEvery = every, EvalEvery = 1000 };
        var trainer = new BLoRATrainer(model, task, new Adapters.BayesianLora.BayesianLoraConfig { PriorStrength = 10, BopBudget = 0.5 }, options);
        Console.WriteLine($"# memory: tiny model (2 x 64), synthetic task, batch 32, {steps} steps, B-LoRA with a budget");
        Console.WriteLine("| step | RSS MiB | live tensors |");
        Console.WriteLine("|---|---|---|");
        trainer.Train(p => Console.WriteLine($"| {p.Step} | {Rss():0.0} | {DisposeScopeManager.Statistics.ThreadTotalLiveCount} |"));
        return 0;
    }

    private static double Rss()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
