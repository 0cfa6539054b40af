namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>One trial of the synthetic sweep: where and when it ran, how it ended, and its final values.</summary>
internal sealed record SyntheticTrial(
    string Id, string Cell, string Silo, int Start, int End, string FinalState,
    double FinalBits, double FinalRank, double FinalBops, double FinalMetric)
{
    /// <summary>Progress in [0, 1] at time t (seconds from the sweep's start).</summary>
    public double Progress(int t) => Math.Clamp((t - Start) / (double)(End - Start), 0, 1);

    /// <summary>The last sample time of its training series: its end, or the end of the hour if it still runs.</summary>
    public int LastSampleTime => Math.Min(End, SyntheticTelemetry.Duration) / SyntheticTelemetry.Step * SyntheticTelemetry.Step;

    public bool RunningAt(int t) => t >= Start && t < End;

    public string StateAt(int t) => t < Start ? "Pending" : t < End ? "Running" : FinalState;

    public double Bits(double p) => 8 - (8 - FinalBits) * Ease(p);

    public double Rank(double p) => 8 - (8 - FinalRank) * Ease(p);

    public double Bops(double p) => 1 - (1 - FinalBops) * Ease(p);

    public double Metric(double p) => 0.5 + (FinalMetric - 0.5) * (1 - Math.Exp(-5 * p));

    public double Loss(double p, int t) => 0.68 * Math.Exp(-4 * p) + 0.09 + 0.012 * Math.Sin(t / 37.0 + Id.Length);

    private static double Ease(double p) => (1 - Math.Exp(-4 * p)) / (1 - Math.Exp(-4));
}
