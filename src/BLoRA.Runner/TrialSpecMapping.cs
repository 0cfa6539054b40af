using System.Globalization;
using BLoRA.Abstractions;
using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Training;
using BLoRA.Training.Trials;

namespace BLoRA.Runner;

/// <summary>A sweep's <see cref="TrialSpec"/> as the trainer's <see cref="TrialDefinition"/>.</summary>
public static class TrialSpecMapping
{
    /// <summary>Maps the spec; every bad option is listed in one <see cref="TrialSpecException"/>.</summary>
    public static TrialDefinition ToDefinition(TrialSpec spec, string device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<string>();
        var o = new OptionReader(spec.Options, problems);
        var adapter = new BayesianLoraConfig();
        var trainer = new TrainerOptions();
        var definition = new TrialDefinition
        {
            Model = spec.ModelRef,
            Task = spec.TaskRef,
            DataDirectory = o.String("data"),
            DataSeed = o.Int("dataSeed") ?? 42,
            MaxTrainExamples = o.Int("maxTrainExamples"),
            MaxEvalExamples = o.Int("maxEvalExamples"),
            ClassifierDropout = o.Double("classifierDropout"),
            Adapter = adapter with
            {
                Rank = o.Int("rank") ?? adapter.Rank,
                Alpha = o.Double("alpha") ?? adapter.Alpha,
                Dropout = o.Double("dropout") ?? adapter.Dropout,
                TargetModules = o.List("targetModules") ?? adapter.TargetModules,
                LambdaQ = o.Double("lambdaQ") ?? adapter.LambdaQ,
                LambdaR = o.Double("lambdaR") ?? adapter.LambdaR,
                PriorStrength = spec.PriorStrength,
                BopBudget = spec.BopBudget,
                BudgetMargin = o.Double("budgetMargin") ?? adapter.BudgetMargin,
                BudgetDualStep = o.Double("budgetDualStep") ?? adapter.BudgetDualStep,
                GateInit = o.Double("gateInit") ?? adapter.GateInit,
                LearnedScale = o.Bool("learnedScale") ?? adapter.LearnedScale,
                ClipInput = o.Bool("clipInput") ?? adapter.ClipInput,
                QuantizeBase = o.Bool("quantizeBase") ?? adapter.QuantizeBase,
                QuantizeActivations = o.Bool("quantizeActivations") ?? adapter.QuantizeActivations,
                RegularizerWeighting = o.Enum<RegularizerWeighting>("regularizerWeighting") ?? adapter.RegularizerWeighting,
                Bits = o.List("bits")?.Select(b => int.TryParse(b, CultureInfo.InvariantCulture, out var v) ? v : -1).ToList() ?? adapter.Bits,
                GatesEnabled = o.Bool("gatesEnabled") ?? adapter.GatesEnabled,
            },
            Trainer = trainer with
            {
                Epochs = o.Int("epochs") ?? trainer.Epochs,
                MaxSteps = o.Int("maxSteps") ?? trainer.MaxSteps,
                BatchSize = o.Int("batchSize") ?? trainer.BatchSize,
                LearningRate = o.Double("learningRate") ?? trainer.LearningRate,
                GateLearningRate = o.Double("gateLearningRate") ?? trainer.GateLearningRate,
                WeightDecay = o.Double("weightDecay") ?? trainer.WeightDecay,
                WarmupRatio = o.Double("warmupRatio") ?? trainer.WarmupRatio,
                MaxGradNorm = o.Double("maxGradNorm") ?? trainer.MaxGradNorm,
                EvalEvery = o.Int("evalEvery") ?? trainer.EvalEvery,
                LogEvery = o.Int("logEvery") ?? trainer.LogEvery,
                CheckpointEvery = o.Int("checkpointEvery") ?? trainer.CheckpointEvery,
                Precision = o.Enum<Precision>("precision") ?? trainer.Precision,
                MaxLength = o.Int("maxLength") ?? trainer.MaxLength,
                Seed = spec.Seed,
                Device = device,
            },
        };
        problems.AddRange(spec.Options.Keys.Where(k => !TrialOptionNames.All.Contains(k, StringComparer.Ordinal))
            .Select(k => $"options.{k}: not a trainer option; known: {string.Join(", ", TrialOptionNames.All)}."));
        // Parse problems already name options.x; the definition's own checks name adapter.X / trainer.X: report those as options.x too.
        var parsed = new HashSet<string>(problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]), StringComparer.Ordinal);
        problems.AddRange(definition.Validate().Select(AsOptionPath).Where(p => !parsed.Contains(p[..p.IndexOf(':', StringComparison.Ordinal)])));
        return problems.Count == 0
            ? definition
            : throw new TrialSpecException(spec.TrialId, problems);
    }

    /// <summary>"adapter.Rank: ..." as "options.rank: ..." (the name a sweep spec uses).</summary>
    private static string AsOptionPath(string problem)
    {
        foreach (var prefix in new[] { "adapter.", "trainer." })
        {
            if (problem.StartsWith(prefix, StringComparison.Ordinal) && problem.Length > prefix.Length)
            {
                var rest = problem[prefix.Length..];
                return "options." + char.ToLowerInvariant(rest[0]) + rest[1..];
            }
        }

        return problem;
    }

    /// <summary>Problems with an options map alone (names and values), for validating a sweep spec before submitting.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> options, string model, string task)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spec = new TrialSpec("check", "check.t00000", 0, System.Collections.Immutable.ImmutableDictionary<string, string>.Empty,
            model, task, 1, null, 0, System.Collections.Immutable.ImmutableDictionary.CreateRange(StringComparer.Ordinal, options), 1);
        try
        {
            ToDefinition(spec, "cpu");
            return [];
        }
        catch (TrialSpecException e)
        {
            return e.Problems;
        }
    }

    /// <summary>Reads typed values from the string options, collecting parse problems.</summary>
    private sealed class OptionReader(IReadOnlyDictionary<string, string> options, List<string> problems)
    {
        public string? String(string name) => options.TryGetValue(name, out var v) ? v : null;

        public int? Int(string name) => Parse<int>(name, s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null, "an integer");

        public double? Double(string name) => Parse<double>(name, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null, "a number");

        public bool? Bool(string name) => Parse<bool>(name, s => bool.TryParse(s, out var v) ? v : null, "true or false");

        public T? Enum<T>(string name)
            where T : struct, System.Enum =>
            Parse<T>(name, s => System.Enum.TryParse<T>(s, true, out var v) && System.Enum.IsDefined(v) ? v : null, "one of " + string.Join(", ", System.Enum.GetNames<T>()));

        public List<string>? List(string name) =>
            String(name)?.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

        private T? Parse<T>(string name, Func<string, T?> parse, string what)
            where T : struct
        {
            if (!options.TryGetValue(name, out var text))
            {
                return null;
            }

            var value = parse(text);
            if (value is null)
            {
                problems.Add($"options.{name}: '{text}' is not {what}.");
            }

            return value;
        }
    }
}
