namespace BLoRA.Sweeps.Pareto;

/// <summary>A point in objective space: <see cref="Metric"/> is maximised, <see cref="Cost"/> (relative BOPs) minimised.</summary>
public readonly record struct Objectives(double Metric, double Cost)
{
    /// <summary>Both coordinates are finite numbers (points that are not are ignored by the frontier).</summary>
    public bool IsFinite => double.IsFinite(Metric) && double.IsFinite(Cost);

    /// <summary>At least as good in both objectives and strictly better in one.</summary>
    public bool Dominates(Objectives other) =>
        Metric >= other.Metric && Cost <= other.Cost && (Metric > other.Metric || Cost < other.Cost);
}
