namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>
/// Every switch of Bayesian-LoRA (../shared/docs/blora-method.md). Immutable; saved inside every
/// checkpoint and exported adapter. <see cref="Validate"/> names every bad field at once.
/// </summary>
public sealed record BayesianLoraConfig
{
    /// <summary>The bit widths Bayesian Bits can choose from, in gate order.</summary>
    public static IReadOnlyList<int> AllBits { get; } = [2, 4, 8, 16, 32];

    /// <summary>Initial (maximum) rank r of every adapter.</summary>
    public int Rank { get; init; } = 8;

    /// <summary>LoRA alpha; the adapter output is scaled by alpha / r (r the initial rank). Null: alpha = r.</summary>
    public double? Alpha { get; init; }

    /// <summary>Dropout on the adapter's input.</summary>
    public double Dropout { get; init; } = 0.05;

    /// <summary>Module-name suffixes to adapt (e.g. "query" matches "encoder.layer.0.attention.self.query").</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = ["query", "key", "value"];

    /// <summary>Weight of the quantization-gate prior (lambda_q), before <see cref="PriorStrength"/>.</summary>
    public double LambdaQ { get; init; } = 1e-3;

    /// <summary>Weight of the rank-gate prior (lambda_r), before <see cref="PriorStrength"/>.</summary>
    public double LambdaR { get; init; } = 1e-3;

    /// <summary>The sweep's "prior strength" axis: multiplies both lambda_q and lambda_r.</summary>
    public double PriorStrength { get; init; } = 1.0;

    /// <summary>Maximum relative adapter BOPs (vs fp32 LoRA at the initial rank), in (0, 1]. Null: no budget.</summary>
    public double? BopBudget { get; init; }

    /// <summary>The budget is aimed at this fraction below <see cref="BopBudget"/> during training, so the final gates land inside it.</summary>
    public double BudgetMargin { get; init; } = 0.1;

    /// <summary>Dual-ascent step of the budget's Lagrange multiplier per training step.</summary>
    public double BudgetDualStep { get; init; } = 0.01;

    /// <summary>Initial value of every gate logit (6: training starts at 32 bits and full rank).</summary>
    public double GateInit { get; init; } = 6.0;

    /// <summary>Standard deviation of the N(0, std^2) init of A, E and B.</summary>
    public double InitStd { get; init; } = 0.02;

    /// <summary>Whether the quantizer's base step s2 is trained (true) or frozen at its initial range.</summary>
    public bool LearnedScale { get; init; } = true;

    /// <summary>Clamp quantizer inputs to their initial range (Bayesian Bits style).</summary>
    public bool ClipInput { get; init; }

    /// <summary>Also quantize the frozen base weight W0 (its own quantizer and gates).</summary>
    public bool QuantizeBase { get; init; }

    /// <summary>Quantize the activations entering each adapter product (x, u, v).</summary>
    public bool QuantizeActivations { get; init; }

    /// <summary>How the prior's terms are weighted.</summary>
    public RegularizerWeighting RegularizerWeighting { get; init; } = RegularizerWeighting.Constant;

    /// <summary>
    /// False: the same adapter with every gate off and no quantization (plain fp32 LoRA with the
    /// E scaling), the baseline B-LoRA is compared against. No prior, no budget.
    /// </summary>
    public bool GatesEnabled { get; init; } = true;

    /// <summary>The allowed bit widths: 2 and each doubling up to the maximum, e.g. [2, 4, 8] caps tensors at 8 bits.</summary>
    public IReadOnlyList<int> Bits { get; init; } = AllBits;

    /// <summary>The scale s = alpha / r.</summary>
    public double Scale => (Alpha ?? Rank) / Rank;

    /// <summary>Effective lambda_q (times the prior strength).</summary>
    public double EffectiveLambdaQ => LambdaQ * PriorStrength;

    /// <summary>Effective lambda_r (times the prior strength).</summary>
    public double EffectiveLambdaR => LambdaR * PriorStrength;

    /// <summary>The largest allowed bit width.</summary>
    public int MaxBits => Bits.Count == 0 ? 2 : Bits[^1];

    /// <summary>Every problem with this config, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Rank is < 1 or > 4096)
        {
            problems.Add($"{nameof(Rank)}: must be between 1 and 4096 (got {Rank}).");
        }

        if (Alpha is { } alpha && (!double.IsFinite(alpha) || alpha <= 0))
        {
            problems.Add($"{nameof(Alpha)}: must be a finite number > 0, or unset for alpha = rank (got {alpha}).");
        }

        CheckRange(problems, nameof(Dropout), Dropout, 0, 1, upperInclusive: false);
        if (TargetModules.Count == 0 || TargetModules.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{nameof(TargetModules)}: must list at least one non-empty module name (e.g. query, key, value).");
        }

        CheckNonNegative(problems, nameof(LambdaQ), LambdaQ);
        CheckNonNegative(problems, nameof(LambdaR), LambdaR);
        CheckNonNegative(problems, nameof(PriorStrength), PriorStrength);
        if (BopBudget is { } budget && (!double.IsFinite(budget) || budget <= 0 || budget > 1))
        {
            problems.Add($"{nameof(BopBudget)}: must be in (0, 1], a fraction of fp32 LoRA's BOPs (got {budget}).");
        }

        CheckRange(problems, nameof(BudgetMargin), BudgetMargin, 0, 1, upperInclusive: false);
        CheckNonNegative(problems, nameof(BudgetDualStep), BudgetDualStep);
        if (!double.IsFinite(GateInit) || Math.Abs(GateInit) > 50)
        {
            problems.Add($"{nameof(GateInit)}: must be a finite logit in [-50, 50] (got {GateInit}).");
        }

        if (!double.IsFinite(InitStd) || InitStd <= 0)
        {
            problems.Add($"{nameof(InitStd)}: must be > 0 (got {InitStd}); E must not start at zero.");
        }

        if (!Enum.IsDefined(RegularizerWeighting))
        {
            problems.Add($"{nameof(RegularizerWeighting)}: must be Constant or Bops (got {RegularizerWeighting}).");
        }

        if (!GatesEnabled && BopBudget is not null)
        {
            problems.Add($"{nameof(BopBudget)}: needs gates; unset it or set {nameof(GatesEnabled)} = true.");
        }

        if (Bits.Count == 0 || !Bits.SequenceEqual(AllBits.Take(Bits.Count)))
        {
            problems.Add($"{nameof(Bits)}: must be 2 and each doubling up to a maximum, a prefix of [2, 4, 8, 16, 32] (got [{string.Join(", ", Bits)}]).");
        }

        return problems;
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem.</summary>
    public BayesianLoraConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0
            ? this
            : throw new ArgumentException("invalid B-LoRA config:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
    }

    private static void CheckNonNegative(List<string> problems, string name, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            problems.Add($"{name}: must be a finite number >= 0 (got {value}).");
        }
    }

    private static void CheckRange(List<string> problems, string name, double value, double min, double max, bool upperInclusive)
    {
        if (!double.IsFinite(value) || value < min || (upperInclusive ? value > max : value >= max))
        {
            problems.Add($"{name}: must be in [{min}, {max}{(upperInclusive ? "]" : ")")} (got {value}).");
        }
    }
}
