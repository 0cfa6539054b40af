using BLoRA.Training.Trials;

namespace BLoRA.Cli.Commands;

/// <summary>What `blora train --json` prints: one object.</summary>
internal sealed record TrainReport(
    string Model,
    string Task,
    IReadOnlyDictionary<string, double> Metrics,
    string PrimaryMetric,
    TrainReport.BopFigures Bops,
    double? BopBudget,
    bool BudgetMet,
    int BudgetRepairs,
    IReadOnlyDictionary<string, int> Ranks,
    IReadOnlyDictionary<string, int> Bits,
    int Steps,
    double Seconds,
    double FinalLoss,
    string? AdapterDirectory)
{
    public static TrainReport From(TrialDefinition definition, TrialOutcome outcome)
    {
        var r = outcome.Result;
        var b = r.Bops;
        return new TrainReport(
            definition.Model,
            definition.Task,
            r.Metrics,
            r.PrimaryMetric,
            new BopFigures(b.AdapterRelative, b.AdapterBops, b.FullPrecisionAdapterBops, b.ModelPerToken, b.ModelPerExample, b.SequenceLength),
            definition.Adapter.BopBudget,
            r.BudgetMet,
            r.BudgetRepairs,
            b.Adapters.ToDictionary(a => a.Key, a => a.Value.LiveRank, StringComparer.Ordinal),
            b.Adapters.SelectMany(a => a.Value.Bits.Select(t => (Key: $"{a.Key}.{t.Key}", t.Value))).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            r.Steps,
            Math.Round(r.Seconds, 3),
            r.FinalLoss,
            outcome.AdapterDirectory);
    }

    /// <param name="AdapterRelative">Adapter BOPs over fp32 LoRA at the initial rank.</param>
    /// <param name="Adapter">Adapter BOPs per token.</param>
    /// <param name="AdapterFp32">The same adapters at fp32 and the initial rank, per token.</param>
    /// <param name="Model">Whole-model BOPs per token.</param>
    /// <param name="ModelPerExample">Whole-model BOPs per example of <paramref name="SequenceLength"/> tokens.</param>
    /// <param name="SequenceLength">Tokens per example for <paramref name="ModelPerExample"/>.</param>
    internal sealed record BopFigures(double AdapterRelative, double Adapter, double AdapterFp32, double Model, double ModelPerExample, int SequenceLength);
}
