namespace BLoRA.Abstractions;

/// <summary>Sanity limits every spec is checked against.</summary>
public static class SweepLimits
{
    /// <summary>Trials (grid cells) in one sweep.</summary>
    public const int MaxTrials = 100_000;

    /// <summary>Values on one axis.</summary>
    public const int MaxAxisValues = 10_000;

    /// <summary>Worker slots one trial may ask for.</summary>
    public const int MaxSlotsPerTrial = 64;

    public const int MaxConcurrentTrials = 10_000;

    public const int MaxRetries = 100;

    /// <summary>Length of names, ids, references, option names and values.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Sweep ids become grain keys, trial ids and storage paths: letters, digits, '.', '_' and '-'.</summary>
    public const int MaxSweepIdLength = 100;

    /// <summary>The largest prior strength a grid may hold (it scales the gate priors; far beyond it the loss overflows).</summary>
    public const double MaxPriorStrength = 1e6;
}
