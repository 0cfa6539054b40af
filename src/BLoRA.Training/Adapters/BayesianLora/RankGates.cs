using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>
/// Ordered rank gates (blora-method.md section 3.6): r-1 logits on components 2..r; component i+1
/// lives only while every earlier gate is on, so the mask is m = [1, r(c_1), ..., r(c_{r-1})] with
/// c_i = prod_{j&lt;=i} p_j and a straight-through round in training.
/// </summary>
public sealed class RankGates : nn.Module
{
#pragma warning disable IDE1006, CA1051 // Parameter names are part of the checkpoint format.
    public readonly Parameter logits;
#pragma warning restore IDE1006, CA1051

    public RankGates(int rank, double gateInit, Device? device = null)
        : base(nameof(RankGates))
    {
        Rank = rank;
        using (NewDisposeScope())
        {
            logits = ParameterScope.Keep(nn.Parameter(full(Math.Max(rank - 1, 0), gateInit, device: device)));
        }

        RegisterComponents();
    }

    /// <summary>The initial rank r.</summary>
    public int Rank { get; }

    /// <summary>The mask m (length r) for this forward pass.</summary>
    public Tensor Mask()
    {
        var one = ones(1, dtype: logits.dtype, device: logits.device);
        if (Rank == 1)
        {
            return one;
        }

        var c = HardConcrete.Gate(logits, training).cumprod(0);
        var rounded = training ? (c.round() - c).detach() + c : c.round();
        return cat([one, rounded]);
    }

    /// <summary>Mask from given gate values p (length r-1), for tests: m = [1, round(cumprod(p))].</summary>
    public static Tensor MaskFromGates(Tensor p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return cat([ones(1, dtype: p.dtype, device: p.device), p.cumprod(0).round()]);
    }

    /// <summary>q2_i = P(z_i != 0) for each rank gate.</summary>
    public Tensor Probabilities() => HardConcrete.ProbabilityNonZero(logits);

    /// <summary>E[r] = 1 + sum_i prod_{j&lt;=i} q2_j (differentiable).</summary>
    public Tensor ExpectedRank()
    {
        var q = Probabilities();
        return Rank == 1 ? ones(1, dtype: logits.dtype, device: logits.device).squeeze() : 1 + q.cumprod(0).sum();
    }

    /// <summary>mean_i q2_i (0 when r = 1): the rank factor of R(E).</summary>
    public Tensor MeanProbability() =>
        Rank == 1 ? zeros(1, dtype: logits.dtype, device: logits.device).squeeze() : Probabilities().mean();

    /// <summary>The live rank with eval gates: 1 + count(c_i &gt; 0.5) (syncs with the host).</summary>
    public int LiveRank()
    {
        if (Rank == 1)
        {
            return 1;
        }

        using var scope = NewDisposeScope();
        var c = HardConcrete.Deterministic(logits.detach()).cumprod(0);
        return 1 + (int)c.gt(0.5).sum().cpu().item<long>();
    }
}
