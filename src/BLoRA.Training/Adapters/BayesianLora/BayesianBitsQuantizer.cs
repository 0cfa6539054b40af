using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>
/// The Bayesian-Bits fake quantizer of one tensor (blora-method.md section 2): a 2-bit base grid
/// of step s2 plus residual grids of 4, 8, 16 and 32 bits, each switched on by a hard-concrete gate.
/// The range is taken from the first tensor seen; s2 is then a parameter (or frozen). Gates at or
/// below the hard cutoff switch off their level and every higher one. Nothing here syncs with the host.
/// </summary>
public sealed class BayesianBitsQuantizer : nn.Module<Tensor, Tensor>
{
    /// <summary>Rung divisors: s4 = s2/5, s8 = s4/17, s16 = s8/257, s32 = s16/65537.</summary>
    public static IReadOnlyList<double> StepDivisors { get; } = [5, 17, 257, 65537];

#pragma warning disable IDE1006, CA1051 // Parameter and buffer names are part of the checkpoint format.
    /// <summary>Gate logits for the 4, 8, 16 and 32-bit levels (only the first <c>levels</c> are used).</summary>
    public readonly Parameter gate_logits;

    /// <summary>The base step s2 (initialised from the first input's range).</summary>
    public readonly Parameter step;

    /// <summary>The initial range [x_min, x_max] (for ClipInput), and whether it has been set (1) or not (0).</summary>
    public readonly Tensor range;
    public readonly Tensor initialized;
#pragma warning restore IDE1006, CA1051

    private readonly int levels;
    private readonly bool clipInput;
    private bool rangeKnown;

    /// <param name="maxBits">The largest bit width allowed (2, 4, 8, 16 or 32).</param>
    /// <param name="gateInit">Initial logit of every gate.</param>
    /// <param name="learnedScale">Whether s2 trains.</param>
    /// <param name="clipInput">Clamp inputs to the initial range.</param>
    /// <param name="device">Where the parameters live.</param>
    public BayesianBitsQuantizer(int maxBits, double gateInit, bool learnedScale, bool clipInput, Device? device = null)
        : base(nameof(BayesianBitsQuantizer))
    {
        levels = maxBits switch
        {
            2 => 0,
            4 => 1,
            8 => 2,
            16 => 3,
            32 => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(maxBits), maxBits, "must be 2, 4, 8, 16 or 32"),
        };
        this.clipInput = clipInput;
        // Buffers and parameters live as long as the module, whatever scope it is built in; the
        // temporaries they are made from go with the local scope.
        range = zeros(2, device: device).DetachFromDisposeScope();
        initialized = zeros(1, device: device).DetachFromDisposeScope();
        using (NewDisposeScope())
        {
            gate_logits = ParameterScope.Keep(nn.Parameter(full(4, gateInit, device: device)));
            step = ParameterScope.Keep(nn.Parameter(ones(1, device: device), requires_grad: learnedScale));
        }

        RegisterComponents();
    }

    /// <summary>Gate levels in use (0: 2 bits only; 4: up to 32 bits).</summary>
    public int Levels => levels;

    /// <summary>
    /// Sets s2 and the range from <paramref name="x"/> on the first call (on the device, no sync):
    /// x_min = min(min x, 0), x_max = max(max x, 0); s2 = 2 x_max/3 if signed else x_max/3; -2 x_min/3 when x_max &lt;= 0.
    /// </summary>
    public void InitializeRange(Tensor x)
    {
        if (rangeKnown)
        {
            return;
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var xd = x.detach().to(float32);
        var zero = zeros(1, device: xd.device);
        var xMin = minimum(xd.min().reshape(1), zero);
        var xMax = maximum(xd.max().reshape(1), zero);
        var signed = xMin.lt(0);
        var s2 = where(signed, xMax * (2.0 / 3.0), xMax / 3.0);
        s2 = where(xMax.gt(0), s2, xMin * (-2.0 / 3.0));
        // An all-zero tensor has no range: fall back to a tiny step rather than dividing by zero.
        s2 = s2.clamp_min(1e-12);
        var fresh = initialized.eq(0);
        step.copy_(where(fresh, s2.to(step.dtype), step));
        range.copy_(where(fresh, cat([xMin, xMax]), range));
        initialized.fill_(1);
        rangeKnown = true;
    }

    /// <summary>Marks the range as known (after loading a checkpoint that holds it).</summary>
    public void MarkRangeKnown() => rangeKnown = true;

    /// <summary>The gates (z4, z8, z16, z32): sampled in training, deterministic in eval, hard cutoff applied.</summary>
    public Tensor Gates()
    {
        var z = HardConcrete.Gate(gate_logits, training);
        return z * Alive();
    }

    /// <summary>1 for each level whose logit and every lower level's logit are above the hard cutoff; 0 above the bit cap.</summary>
    public Tensor Alive()
    {
        var alive = gate_logits.detach().gt(HardConcrete.HardCutoff).to(gate_logits.dtype).cumprod(0);
        if (levels < 4)
        {
            alive = alive * cat([ones(levels, device: alive.device), zeros(4 - levels, device: alive.device)]).to(alive.dtype);
        }

        return alive;
    }

    /// <summary>P(z_k != 0) for the used levels (section 4's q_k), without the cutoff.</summary>
    public Tensor Probabilities() => HardConcrete.ProbabilityNonZero(gate_logits.narrow(0, 0, Math.Max(levels, 1)));

    public override Tensor forward(Tensor input)
    {
        InitializeRange(input);
        return Quantize(input, Gates());
    }

    /// <summary>Q(x) for given gates (z4, z8, z16, z32); exposed for tests and export.</summary>
    public Tensor Quantize(Tensor x, Tensor gates)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gates);
        if (clipInput)
        {
            x = x.clamp(range[0], range[1]);
        }

        var s = step.to(x.dtype);
        var x2 = s * Round(x / s);
        if (levels == 0)
        {
            return x2;
        }

        // Residual grids, each from the full-precision x minus the coarser levels.
        var residuals = new Tensor[levels];
        var rest = x - x2;
        for (var k = 0; k < levels; k++)
        {
            s = s / StepDivisors[k];
            residuals[k] = s * Round(rest / s);
            rest = rest - residuals[k];
        }

        var z = gates.to(x.dtype);
        var nested = residuals[levels - 1] * z[levels - 1];
        for (var k = levels - 2; k >= 0; k--)
        {
            nested = (residuals[k] + nested) * z[k];
        }

        return x2 + nested;
    }

    /// <summary>E[b] = 2 + 2 q4 + 4 q4 q8 + 8 q4 q8 q16 + 16 q4 q8 q16 q32 (differentiable).</summary>
    public Tensor ExpectedBits()
    {
        var q = Probabilities();
        var bits = full(1, 2.0, dtype: q.dtype, device: q.device).squeeze();
        var chain = ones_like(bits);
        for (var k = 0; k < levels; k++)
        {
            chain = chain * q[k];
            bits = bits + (chain * (2 << k));
        }

        return bits;
    }

    /// <summary>R = q4 + q4 q8 + q4 q8 q16 + q4 q8 q16 q32, optionally each term times the bits it enables.</summary>
    public Tensor GateChainPenalty(bool weightByBits)
    {
        var q = Probabilities();
        var total = zeros(1, dtype: q.dtype, device: q.device).squeeze();
        var chain = ones_like(total);
        for (var k = 0; k < levels; k++)
        {
            chain = chain * q[k];
            total = total + (weightByBits ? chain * (4 << k) : chain);
        }

        return total;
    }

    /// <summary>The deterministic bit width after training (syncs with the host; not for the training step).</summary>
    public int DeterministicBits()
    {
        using var scope = NewDisposeScope();
        var z = (HardConcrete.Deterministic(gate_logits.detach()) * Alive()).to(float32).cpu().data<float>().ToArray();
        var bits = 2;
        for (var k = 0; k < levels && z[k] > 0.5f; k++)
        {
            bits *= 2;
        }

        return bits;
    }

    /// <summary>The deterministic gates (eval), hard cutoff applied.</summary>
    public Tensor DeterministicGates() => HardConcrete.Deterministic(gate_logits.detach()) * Alive();

    /// <summary>The step of the finest active grid for a bit width: s2 / (5 * 17 * ...).</summary>
    public double StepFor(int bits)
    {
        var s = step.detach().cpu().to(float64).item<double>();
        for (int b = 2, k = 0; b < bits; b *= 2, k++)
        {
            s /= StepDivisors[k];
        }

        return s;
    }

    /// <summary>round(t) in eval; the straight-through (round(t) - t).detach() + t in training.</summary>
    private Tensor Round(Tensor t) => training ? (t.round() - t).detach() + t : t.round();
}
