namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>BOPs after training with deterministic gates (blora-method.md section 5).</summary>
/// <param name="Adapters">Per adapted module: live rank, bits per tensor, BOPs.</param>
/// <param name="AdapterBops">Sum of adapter BOPs per token.</param>
/// <param name="FullPrecisionAdapterBops">The same adapters at fp32 and the initial rank.</param>
/// <param name="AdapterRelative">AdapterBops / FullPrecisionAdapterBops (the paper's ~70% claim is about this).</param>
/// <param name="ModelPerToken">Frozen matmuls at 32x32 (or the learned base bits) plus adapters, per token.</param>
/// <param name="ModelPerExample">Per example of <paramref name="SequenceLength"/> tokens, attention matmuls included when known.</param>
/// <param name="SequenceLength">The length used for <paramref name="ModelPerExample"/>.</param>
public sealed record BopReport(
    IReadOnlyDictionary<string, AdapterStats> Adapters,
    double AdapterBops,
    double FullPrecisionAdapterBops,
    double AdapterRelative,
    double ModelPerToken,
    double ModelPerExample,
    int SequenceLength);
