using BLoRA.Cli.Commands;
using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Training;
using BLoRA.Training.Trials;

namespace BLoRA.Cli.Trials;

/// <summary>Defaults, then the trial file, then the flags: the resolved trial.</summary>
internal static class TrialDefinitionBuilder
{
    public static TrialDefinition Build(TrainSettings s)
    {
        var file = s.File is null ? new TrialFileDocument() : TrialFile.Load(s.File);
        var a = file.Adapter ?? new TrialFileDocument.AdapterSection();
        var t = file.Trainer ?? new TrialFileDocument.TrainerSection();
        var adapter = new BayesianLoraConfig();
        var trainer = new TrainerOptions();
        var definition = new TrialDefinition();
        var targets = s.Targets?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? a.TargetModules?.ToArray();
        var weighting = a.RegularizerWeighting is null ? adapter.RegularizerWeighting : ParseEnum<RegularizerWeighting>(a.RegularizerWeighting, "adapter.regularizerWeighting", s.File);
        var precisionText = s.Precision ?? t.Precision;
        var precision = precisionText is null ? trainer.Precision : ParseEnum<Precision>(precisionText, "--precision", s.File);
        return definition with
        {
            Model = s.Model ?? file.Model ?? definition.Model,
            Task = s.Task ?? file.Task ?? definition.Task,
            DataDirectory = s.Data ?? file.Data,
            MaxTrainExamples = s.MaxTrainExamples ?? file.MaxTrainExamples,
            MaxEvalExamples = s.MaxEvalExamples ?? file.MaxEvalExamples,
            OutputDirectory = s.Out ?? file.Out,
            Adapter = adapter with
            {
                Rank = s.Rank ?? a.Rank ?? adapter.Rank,
                Alpha = a.Alpha ?? adapter.Alpha,
                Dropout = a.Dropout ?? adapter.Dropout,
                TargetModules = targets ?? adapter.TargetModules,
                LambdaQ = a.LambdaQ ?? adapter.LambdaQ,
                LambdaR = a.LambdaR ?? adapter.LambdaR,
                PriorStrength = s.PriorStrength ?? a.PriorStrength ?? adapter.PriorStrength,
                BopBudget = s.BopBudget ?? a.BopBudget ?? adapter.BopBudget,
                GateInit = a.GateInit ?? adapter.GateInit,
                LearnedScale = a.LearnedScale ?? adapter.LearnedScale,
                ClipInput = a.ClipInput ?? adapter.ClipInput,
                QuantizeBase = a.QuantizeBase ?? adapter.QuantizeBase,
                QuantizeActivations = a.QuantizeActivations ?? adapter.QuantizeActivations,
                RegularizerWeighting = weighting,
                Bits = a.Bits ?? adapter.Bits,
                GatesEnabled = s.NoGates is true ? false : a.GatesEnabled ?? adapter.GatesEnabled,
            },
            Trainer = trainer with
            {
                Epochs = s.Epochs ?? t.Epochs ?? trainer.Epochs,
                MaxSteps = s.MaxSteps ?? t.MaxSteps ?? trainer.MaxSteps,
                BatchSize = s.BatchSize ?? t.BatchSize ?? trainer.BatchSize,
                LearningRate = s.LearningRate ?? t.LearningRate ?? trainer.LearningRate,
                GateLearningRate = s.GateLearningRate ?? t.GateLearningRate ?? trainer.GateLearningRate,
                WeightDecay = t.WeightDecay ?? trainer.WeightDecay,
                WarmupRatio = t.WarmupRatio ?? trainer.WarmupRatio,
                MaxGradNorm = t.MaxGradNorm ?? trainer.MaxGradNorm,
                EvalEvery = s.EvalEvery ?? t.EvalEvery ?? trainer.EvalEvery,
                LogEvery = t.LogEvery ?? trainer.LogEvery,
                CheckpointEvery = s.CheckpointEvery ?? t.CheckpointEvery ?? trainer.CheckpointEvery,
                Seed = s.Seed ?? t.Seed ?? trainer.Seed,
                Device = s.Device ?? t.Device ?? trainer.Device,
                Precision = precision,
                MaxLength = s.MaxLength ?? t.MaxLength ?? trainer.MaxLength,
            },
        };
    }

    private static T ParseEnum<T>(string text, string field, string? file)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new TrialFileException($"{(file is null ? "" : file + ": ")}{field}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
}
