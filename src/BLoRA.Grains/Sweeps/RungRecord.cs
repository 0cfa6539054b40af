namespace BLoRA.Grains.Sweeps;

/// <summary>A trial's metric and expected BOPs when it reached an ASHA rung.</summary>
[GenerateSerializer, Immutable, Alias("blora.RungRecord")]
public sealed record RungRecord(
    [property: Id(0)] string TrialId,
    [property: Id(1)] int Rung,
    [property: Id(2)] double Metric,
    [property: Id(3)] double ExpectedRelativeBops);
