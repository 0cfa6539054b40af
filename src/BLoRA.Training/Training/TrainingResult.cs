using BLoRA.Training.Adapters.BayesianLora;

namespace BLoRA.Training.Training;

/// <summary>The outcome of one trial.</summary>
/// <param name="Metrics">Final evaluation metrics by name.</param>
/// <param name="PrimaryMetric">The name of the metric a sweep maximises.</param>
/// <param name="Bops">Deterministic BOPs, ranks and bits.</param>
/// <param name="BudgetMet">Whether relative adapter BOPs &lt;= the budget (true without a budget).</param>
/// <param name="BudgetRepairs">Gates switched off after training to meet the budget.</param>
/// <param name="Steps">Optimizer steps taken in total.</param>
/// <param name="Seconds">Wall time of this run (resumed runs: since the resume).</param>
/// <param name="FinalLoss">Mean training loss over the last logging window.</param>
public sealed record TrainingResult(
    IReadOnlyDictionary<string, double> Metrics,
    string PrimaryMetric,
    BopReport Bops,
    bool BudgetMet,
    int BudgetRepairs,
    int Steps,
    double Seconds,
    double FinalLoss);
