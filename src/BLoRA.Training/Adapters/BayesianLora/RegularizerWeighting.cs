namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>How the prior's terms are weighted (blora-method.md section 4).</summary>
public enum RegularizerWeighting
{
    /// <summary>Every gate term counts the same (the authors' default).</summary>
    Constant,

    /// <summary>Bayesian Bits' BOP-aware variant: each term times MACs_tensor / max MACs times the bits it switches on.</summary>
    Bops,
}
