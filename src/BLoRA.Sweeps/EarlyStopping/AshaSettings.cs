namespace BLoRA.Sweeps.EarlyStopping;

/// <summary>
/// Rungs at <see cref="GraceSteps"/> x <see cref="ReductionFactor"/>^k steps; at each rung the top
/// 1/<see cref="ReductionFactor"/> continue, and so does any trial within the tolerances of the
/// rung's frontier of (metric, expected relative BOPs).
/// </summary>
public sealed record AshaSettings(long GraceSteps, int ReductionFactor, double MetricTolerance, double CostTolerance)
{
    public void Validate()
    {
        if (GraceSteps < 1 || ReductionFactor < 2 || !(MetricTolerance >= 0) || !(CostTolerance >= 0))
        {
            throw new ArgumentException($"invalid ASHA settings {this}");
        }
    }
}
