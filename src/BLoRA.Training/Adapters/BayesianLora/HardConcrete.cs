using static TorchSharp.torch;

namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>
/// Hard-concrete (L0) gates, blora-method.md section 3: stretched, clamped binary-concrete samples in
/// training, a deterministic threshold in eval. Every function is element-wise over a logit tensor
/// and free of host synchronisation.
/// </summary>
public static class HardConcrete
{
    public const double Beta = 2.0 / 3.0;
    public const double Gamma = -0.1;
    public const double Zeta = 1.1;

    /// <summary>-beta * ln(-gamma / zeta) = 1.5985968: q = sigmoid(g + Shift) = P(z != 0).</summary>
    public static readonly double Shift = -Beta * Math.Log(-Gamma / Zeta);

    /// <summary>The eval gate is on iff P(z = 0) &lt; 0.34, i.e. g &gt; this logit (-0.9353026).</summary>
    public static readonly double EvalThreshold = Math.Log(0.66 / 0.34) - Shift;

    /// <summary>Logits at or below this switch a quantization gate (and every higher one) off, in training too.</summary>
    public const double HardCutoff = -2.0;

    /// <summary>P(z != 0) = sigmoid(g + 1.5985968).</summary>
    public static Tensor ProbabilityNonZero(Tensor logits) => (logits + Shift).sigmoid();

    /// <summary>One training sample per logit: z = clamp(sigmoid((ln u - ln(1-u) + g)/beta)(zeta-gamma)+gamma, 0, 1).</summary>
    public static Tensor Sample(Tensor logits)
    {
        var u = rand_like(logits).clamp_(1e-6, 1 - 1e-6);
        var s = ((u.log() - (1 - u).log() + logits) / Beta).sigmoid();
        return (s * (Zeta - Gamma) + Gamma).clamp(0, 1);
    }

    /// <summary>The deterministic eval gate: 1 iff g &gt; -0.9353026.</summary>
    public static Tensor Deterministic(Tensor logits) => logits.gt(EvalThreshold).to(logits.dtype);

    /// <summary>Training sample or eval gate.</summary>
    public static Tensor Gate(Tensor logits, bool training) => training ? Sample(logits) : Deterministic(logits);
}
