namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>One adapter after training, with deterministic gates.</summary>
/// <param name="LiveRank">Components still on (1..r).</param>
/// <param name="Bits">Bit width per quantized tensor (A, E, B; x, u, v, W0 when quantized).</param>
/// <param name="Bops">Adapter BOPs per token at these bits and this rank.</param>
/// <param name="FullPrecisionBops">The same adapter at fp32 and the initial rank.</param>
public sealed record AdapterStats(int LiveRank, IReadOnlyDictionary<string, int> Bits, double Bops, double FullPrecisionBops);
