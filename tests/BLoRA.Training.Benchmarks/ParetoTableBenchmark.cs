using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Training;
using BLoRA.Training.Trials;

namespace BLoRA.Training.Benchmarks;

/// <summary>
/// The embedded default (MiniLM + spam, fixed seed): fp32 LoRA (gates off) against B-LoRA at three
/// prior strengths and two BOP budgets: accuracy, relative adapter BOPs, ranks, bits, time per step.
/// </summary>
internal static class ParetoTableBenchmark
{
    public static int Run(string[] argv)
    {
        var args = new BenchArgs(argv);
        var train = args.Int("train", 384);
        var eval = args.Int("eval", 192);
        var epochs = args.Int("epochs", 4);
        var length = args.Int("length", 128);
        var trainer = new TrainerOptions { Epochs = epochs, BatchSize = 16, MaxLength = length, LearningRate = 5e-3, GateLearningRate = 5e-2, Seed = 42 };
        var baseConfig = new BayesianLoraConfig { Rank = 8, GateInit = 1 };
        var rows = new List<(string Name, BayesianLoraConfig Config)>
        {
            ("LoRA fp32 (gates off)", baseConfig with { GatesEnabled = false }),
            ("B-LoRA prior 1", baseConfig with { PriorStrength = 1 }),
            ("B-LoRA prior 30", baseConfig with { PriorStrength = 30 }),
            ("B-LoRA prior 300", baseConfig with { PriorStrength = 300 }),
            ("B-LoRA prior 1, budget 0.3", baseConfig with { PriorStrength = 1, BopBudget = 0.3 }),
            ("B-LoRA prior 1, budget 0.1", baseConfig with { PriorStrength = 1, BopBudget = 0.1 }),
        };
        Console.WriteLine($"# embedded:minilm + spam: {train} train / {eval} eval examples (seed 42), length {length}, batch 16, {epochs} epochs, rank 8, targets query/key/value, gate init 1, lr 5e-3, gate lr 5e-2");
        Console.WriteLine("| trial | accuracy | F1 | relative adapter BOPs | mean live rank | mean bits (A/E/B) | budget met | s/step |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (name, config) in rows)
        {
            var definition = new TrialDefinition { Model = "embedded:minilm", Task = "spam", MaxTrainExamples = train, MaxEvalExamples = eval, Adapter = config, Trainer = trainer };
            var r = TrialRunner.Run(definition).Result;
            var ranks = r.Bops.Adapters.Values.Average(a => a.LiveRank);
            var bits = r.Bops.Adapters.Values.SelectMany(a => a.Bits.Values).DefaultIfEmpty(32).Average();
            var met = config.BopBudget is null ? "-" : r.BudgetMet ? $"yes ({r.BudgetRepairs} repairs)" : "no";
            Console.WriteLine($"| {name} | {r.Metrics[Metrics.Accuracy]:0.000} | {r.Metrics[Metrics.F1]:0.000} | {r.Bops.AdapterRelative:0.0000} | {ranks:0.0} | {bits:0.0} | {met} | {r.Seconds / r.Steps:0.00} |");
        }

        return 0;
    }
}
