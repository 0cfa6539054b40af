using BLoRA.Training.Benchmarks;
using BLoRA.Training.Runtime;

TorchRuntime.EnsureInitialized();
return args.FirstOrDefault() switch
{
    "step-cost" => StepCostBenchmark.Run(args.Skip(1).ToArray()),
    "memory" => MemoryBenchmark.Run(args.Skip(1).ToArray()),
    "pareto" => ParetoTableBenchmark.Run(args.Skip(1).ToArray()),
    "deberta" => DebertaBenchmark.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: bench <step-cost|memory|pareto|deberta> [options]   (scripts/bench.sh runs it through the TorchSharp runtime)");
    return 2;
}
