namespace BLoRA.Sweeps.EarlyStopping;

/// <summary>A trial's evaluated metric and expected relative BOPs when it reached a rung.</summary>
public sealed record RungEntry(string TrialId, int Rung, double Metric, double ExpectedCost);
