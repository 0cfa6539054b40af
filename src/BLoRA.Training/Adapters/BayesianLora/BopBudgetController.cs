using BLoRA.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>
/// Enforces a BOP budget B during training (blora-method.md section 6) with a Lagrange multiplier
/// mu &gt;= 0 updated by dual ascent on a hinge: the loss gets <c>mu * max(0, E[BOPs]/BOPs_fp32 - B')</c>
/// and after each step <c>mu &lt;- max(0, mu + eta (E[BOPs]/BOPs_fp32 - B'))</c>, with B' = B (1 - margin)
/// so the final deterministic gates land inside B. The hinge stops pushing once the expected BOPs are
/// inside the target, so gates are not driven past it (and into the hard cutoff) while mu decays.
/// mu lives on the device: no host synchronisation per step.
/// </summary>
public sealed class BopBudgetController : IDisposable
{
    private readonly Tensor mu;

    public BopBudgetController(double budget, double margin, double dualStep, Device device)
    {
        Budget = budget;
        Target = budget * (1 - margin);
        DualStep = dualStep;
        mu = zeros(1, device: device).squeeze();
    }

    /// <summary>The budget B (maximum relative adapter BOPs).</summary>
    public double Budget { get; }

    /// <summary>What training aims at: B (1 - margin).</summary>
    public double Target { get; }

    public double DualStep { get; }

    /// <summary>The current multiplier (syncs; for logs and checkpoints).</summary>
    public double Multiplier
    {
        get
        {
            using var scope = NewDisposeScope();
            return mu.cpu().item<float>();
        }

        set
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            mu.fill_(value);
        }
    }

    /// <summary>The penalty term for this step's loss.</summary>
    public Tensor Penalty(Tensor expectedRelativeBops)
    {
        ArgumentNullException.ThrowIfNull(expectedRelativeBops);
        return mu.detach() * (expectedRelativeBops - Target).clamp_min(0);
    }

    /// <summary>Dual ascent on mu, after the optimizer step.</summary>
    public void Update(Tensor expectedRelativeBops)
    {
        ArgumentNullException.ThrowIfNull(expectedRelativeBops);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Held scalars only (no temporaries TorchSharp could free mid-call; see HeldScalars): this runs
        // after the optimizer step, where a failure could not be redone.
        using var minusTarget = (-Target).ToScalar();
        using var dualStep = DualStep.ToScalar();
        var gap = expectedRelativeBops.detach().to(mu.dtype).add(minusTarget, HeldScalars.One).mul_(dualStep);
        mu.add_(gap, HeldScalars.One).clamp_min_(HeldScalars.Zero);
    }

    public void Dispose() => mu.Dispose();
}
